//! Pretty JSON with exactly serde_json's text (`to_writer_pretty`: two spaces per level),
//! written faster: serde_json's `PrettyFormatter` writes a line's indentation two bytes at a
//! time, one write per level, and a big plan document is a quarter indentation (1.6 million
//! lines, 8 million levels at 20,000 objects). `Indented` writes each line's indentation
//! in one piece; everything else is serde_json's. Serialising the plan document this way
//! took about a fifth less time (docs/performance.md).

use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

const SPACES: [u8; 128] = [b' '; 128];

/// Writes the indentation of a line `depth` levels deep.
pub fn indent<W: ?Sized + Write>(out: &mut W, depth: usize) -> io::Result<()> {
    let mut width = depth * 2;
    while width > SPACES.len() {
        out.write_all(&SPACES)?;
        width -= SPACES.len();
    }
    out.write_all(&SPACES[..width])
}

/// serde_json's pretty formatter with two-space indentation, starting at any depth.
#[derive(Debug, Default)]
pub struct Indented {
    depth: usize,
    has_value: bool,
}

impl Indented {
    /// A formatter that writes a value as it appears on a line `depth` levels deep.
    pub fn at_depth(depth: usize) -> Indented {
        Indented { depth, has_value: false }
    }

    /// Opens an array or an object: what follows is a level deeper.
    fn open<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        out.write_all(bracket)
    }

    /// Closes an array or an object, on a line of its own unless it is empty.
    fn close<W: ?Sized + Write>(&mut self, out: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth -= 1;
        if self.has_value {
            out.write_all(b"\n")?;
            indent(out, self.depth)?;
        }
        out.write_all(bracket)
    }

    /// Starts the line of an element or a key, after the separator it needs.
    fn next_line<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        out.write_all(if first { b"\n" } else { b",\n" })?;
        indent(out, self.depth)
    }
}

impl Formatter for Indented {
    fn begin_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.next_line(out, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.open(out, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        self.close(out, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, out: &mut W, first: bool) -> io::Result<()> {
        self.next_line(out, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, out: &mut W) -> io::Result<()> {
        out.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _out: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// `serde_json::to_writer_pretty`, with `Indented`.
pub fn to_writer<W: Write>(out: W, value: &(impl Serialize + ?Sized)) -> serde_json::Result<()> {
    value.serialize(&mut serde_json::Serializer::with_formatter(out, Indented::default()))
}

/// `serde_json::to_string_pretty`, with `Indented`.
pub fn to_string(value: &(impl Serialize + ?Sized)) -> serde_json::Result<String> {
    let mut text = Vec::with_capacity(128);
    to_writer(&mut text, value)?;
    Ok(String::from_utf8(text).expect("serde_json writes UTF-8"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Nested empties, scalars of every kind, strings with escapes, and nesting deeper than
    /// the block of spaces `indent` writes at a time.
    fn values() -> Vec<serde_json::Value> {
        let mut deep = json!("bottom");
        for level in 0..80 {
            deep = if level % 2 == 0 { json!([deep, {}]) } else { json!({ "level": deep, "empty": [] }) };
        }
        vec![
            json!(null),
            json!("text with \"quotes\", a \\ and a\nnewline"),
            json!([]),
            json!({}),
            json!([[], {}, [[]], [{}], { "a": [] }, { "b": {} }]),
            json!({ "id": "sg-1", "ports": [80, 443], "open": true, "ratio": 0.5, "nested": { "x": [ { "y": null } ] } }),
            deep,
        ]
    }

    #[test]
    fn writes_serde_json_pretty_text() {
        for value in values() {
            assert_eq!(to_string(&value).unwrap(), serde_json::to_string_pretty(&value).unwrap());
        }
    }

    /// At a depth, a value is written as it appears that deep inside an array.
    #[test]
    fn writes_a_value_at_a_depth_as_it_appears_there() {
        for value in values() {
            for depth in [1, 2, 5, 70] {
                let mut wrapped = value.clone();
                for _ in 0..depth {
                    wrapped = json!([wrapped]);
                }
                let whole = serde_json::to_string_pretty(&wrapped).unwrap();
                let mut alone = Vec::new();
                value
                    .serialize(&mut serde_json::Serializer::with_formatter(&mut alone, Indented::at_depth(depth)))
                    .unwrap();
                let mut expected = String::new();
                for level in 1..=depth {
                    expected.push_str("[\n");
                    expected.extend(std::iter::repeat_n("  ", level));
                }
                expected.push_str(&String::from_utf8(alone).unwrap());
                for level in (0..depth).rev() {
                    expected.push('\n');
                    expected.extend(std::iter::repeat_n("  ", level));
                    expected.push(']');
                }
                assert_eq!(whole, expected, "depth {depth}");
            }
        }
    }
}
