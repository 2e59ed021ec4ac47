//! Pretty JSON written in parts, each with exactly the text `serde_json::to_writer_pretty`
//! gives it inside the whole: an object's fields one at a time, any value at any depth, and
//! long arrays with their elements serialised on two cores and written in order. The plan
//! document (`json_stream`) is written this way; its writing was the longest stage of a big
//! plan that ran on one core (docs/performance.md).
//!
//! serde_json's pretty printer indents a line by two spaces per level of nesting, and its
//! state is only that level: a formatter started at `depth` (`pretty_json::Indented`, which
//! writes serde_json's pretty text) writes a value exactly as it appears `depth` levels deep.

use crate::pretty_json::{indent, Indented};
use serde::Serialize;
use std::io::{self, Write};

/// Arrays shorter than this are written on one core: a second thread costs more.
pub const WORTH_SPLITTING: usize = 256;
/// Elements a thread serialises at a time; the other thread's block waits in a buffer.
const BLOCK: usize = 64;

/// Writes `value` as it appears on a line indented `depth` levels.
pub fn value_at<W: Write>(out: &mut W, depth: usize, value: &impl Serialize) -> io::Result<()> {
    value
        .serialize(&mut serde_json::Serializer::with_formatter(out, Indented::at_depth(depth)))
        .map_err(io::Error::from)
}

/// An object being written field by field; its opening brace is on a line at `depth - 1`.
#[derive(Debug)]
pub struct Object {
    depth: usize,
    first: bool,
}

impl Object {
    /// Opens an object whose fields are at `depth` (1 for the document's own fields).
    pub fn open<W: Write>(out: &mut W, depth: usize) -> io::Result<Object> {
        out.write_all(b"{")?;
        Ok(Object { depth, first: true })
    }

    /// Writes a field's key; its value is written next, at `self.depth()`.
    pub fn key<W: Write>(&mut self, out: &mut W, name: &str) -> io::Result<()> {
        out.write_all(if self.first { b"\n" } else { b",\n" })?;
        self.first = false;
        indent(out, self.depth)?;
        // Field names here are plain identifiers: nothing to escape.
        out.write_all(b"\"")?;
        out.write_all(name.as_bytes())?;
        out.write_all(b"\": ")
    }

    /// Writes a whole field.
    pub fn field<W: Write>(&mut self, out: &mut W, name: &str, value: &impl Serialize) -> io::Result<()> {
        self.key(out, name)?;
        value_at(out, self.depth, value)
    }

    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Closes the object (which has at least one field).
    pub fn close<W: Write>(self, out: &mut W) -> io::Result<()> {
        out.write_all(b"\n")?;
        indent(out, self.depth - 1)?;
        out.write_all(b"}")
    }
}

/// A value that writes itself as it appears on a line at a depth: serialised whole
/// (`Whole`), or field by field, so that a long list deep inside it is split like any other
/// (a node rule's provenance names every target rule of the cluster).
pub trait Part {
    fn write<W: Write>(&self, out: &mut W, depth: usize) -> io::Result<()>;
}

/// A value serialised whole.
#[derive(Debug)]
pub struct Whole<S>(pub S);

impl<S: Serialize> Part for Whole<S> {
    fn write<W: Write>(&self, out: &mut W, depth: usize) -> io::Result<()> {
        value_at(out, depth, &self.0)
    }
}

impl<P: Part> Part for &P {
    fn write<W: Write>(&self, out: &mut W, depth: usize) -> io::Result<()> {
        (**self).write(out, depth)
    }
}

/// Writes `items` as a JSON array on a line at `depth`, each item as `view` shows it. A long
/// array is cut in blocks: every other one is serialised here and written straight out, the
/// others on another thread into buffers, which are written out in their turn.
pub fn array<'a, W, T, V, P>(out: &mut W, depth: usize, items: &'a [T], view: V) -> io::Result<()>
where
    W: Write,
    T: Sync,
    V: Fn(&'a T) -> P + Sync,
    P: Part,
{
    if items.is_empty() {
        return out.write_all(b"[]");
    }
    out.write_all(b"[")?;
    if items.len() < WORTH_SPLITTING {
        for (index, item) in items.iter().enumerate() {
            element(out, depth + 1, index, &view(item))?;
        }
    } else {
        std::thread::scope(|scope| -> io::Result<()> {
            // A few blocks ahead at most, so the buffers stay few and are reused.
            let (ready, take) = std::sync::mpsc::sync_channel::<Vec<u8>>(2);
            let view = &view;
            scope.spawn(move || {
                for (block, chunk) in items.chunks(BLOCK).enumerate().filter(|(block, _)| !writes_itself(*block)) {
                    let mut buffer = Vec::with_capacity(1 << 17);
                    for (offset, item) in chunk.iter().enumerate() {
                        element(&mut buffer, depth + 1, block * BLOCK + offset, &view(item))
                            .expect("writing into memory cannot fail");
                    }
                    if ready.send(buffer).is_err() {
                        return; // the writer stopped on an error of its own
                    }
                }
            });
            for (block, chunk) in items.chunks(BLOCK).enumerate() {
                if writes_itself(block) {
                    for (offset, item) in chunk.iter().enumerate() {
                        element(out, depth + 1, block * BLOCK + offset, &view(item))?;
                    }
                } else {
                    let buffer = take.recv().expect("the other thread writes every other block");
                    out.write_all(&buffer)?;
                }
            }
            Ok(())
        })?;
    }
    out.write_all(b"\n")?;
    indent(out, depth)?;
    out.write_all(b"]")
}

/// Whether the writing thread serialises this block itself: every other one (measured
/// against one in three, which should suit a writer that also copies the other thread's
/// blocks out: no difference).
fn writes_itself(block: usize) -> bool {
    block % 2 == 0
}

/// One array element on its own line at `depth`, after the separator its index calls for.
/// Generic over the writer: serde_json's many small writes must not be dynamic calls.
fn element<W: Write>(out: &mut W, depth: usize, index: usize, value: &impl Part) -> io::Result<()> {
    out.write_all(if index == 0 { b"\n" } else { b",\n" })?;
    indent(out, depth)?;
    value.write(out, depth)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A document written in parts is the text serde_json writes for it whole.
    #[test]
    fn parts_write_the_whole_documents_text() {
        for length in [0, 1, WORTH_SPLITTING - 1, WORTH_SPLITTING, 1_000] {
            let items: Vec<serde_json::Value> = (0..length)
                .map(|i| json!({"i": i, "tags": {"a": "x\ny", "b": []}, "list": [i, {"deep": [[], {}]}]}))
                .collect();
            let whole = json!({"first": "1", "inner": {"items": items, "empty": {}}, "last": [1, 2]});
            let mut parts = Vec::new();
            let mut document = Object::open(&mut parts, 1).unwrap();
            document.field(&mut parts, "first", &"1").unwrap();
            document.key(&mut parts, "inner").unwrap();
            let mut inner = Object::open(&mut parts, document.depth() + 1).unwrap();
            inner.field(&mut parts, "empty", &json!({})).unwrap();
            inner.key(&mut parts, "items").unwrap();
            array(&mut parts, inner.depth(), &items, Whole).unwrap();
            inner.close(&mut parts).unwrap();
            document.field(&mut parts, "last", &[1, 2]).unwrap();
            document.close(&mut parts).unwrap();
            assert_eq!(String::from_utf8(parts).unwrap(), serde_json::to_string_pretty(&whole).unwrap(), "{length}");
        }
    }
}
