//! The documents of one manifest text, each with the line it starts on, turned into typed
//! objects (`decode`). YAML through serde_yaml_ng; a JSON text through serde_json, with the
//! same reading. A `kind: List` document (`kubectl get -o yaml|json`) is read item by
//! item through the deserializer: each item becomes its object as soon as it is read, so a
//! big list is never held whole as one value. Which document is a List is known only once
//! its `kind` is read, and kubectl writes `items` before `kind`: the objects read from
//! `items` are kept aside until then, and dropped if the document turns out not to be a list
//! (its own type ignores an `items` field, as the API server would).

use super::decode::Decoder;
use super::lines::{document_start_lines, item_lines};
use super::source::{InputError, Source};
use super::strict::{Key, StrictValue, ValueVisitor};
use super::Manifests;
use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};
use std::fmt;
use std::sync::Arc;

/// Parses one file's text into `manifests`. The first error ends the file.
pub fn load_text(label: &str, text: &str, manifests: &mut Manifests) -> Result<(), InputError> {
    let file: Arc<str> = Arc::from(label);
    let starts = document_start_lines(text);
    let decoder = Decoder { text };
    let source_of = |index: usize| Source {
        file: file.clone(),
        document: index + 1,
        line: starts.get(index).copied().unwrap_or(0),
        item: None,
    };
    // A JSON text (`kubectl get -o json`) is read by the JSON parser, as kubectl's decoder
    // does: serde_yaml_ng holds every event of a document before reading any of it, a
    // quarter of a gigabyte for a 20,000-object List, and takes twenty times as long
    // (docs/performance.md). Text the JSON parser refuses is read as YAML, whose result, or
    // error, stands: JSON is YAML, so both read valid JSON alike.
    if text.trim_start().starts_with('{') {
        let source = source_of(0);
        let mut json = serde_json::Deserializer::from_str(text);
        let read = DocumentSeed { decoder: &decoder, source: &source }.deserialize(&mut json);
        if let (Ok(document), Ok(())) = (read, json.end()) {
            return take(&decoder, &source, document, manifests);
        }
    }
    // The iterator keeps yielding after a syntax error; the first error ends the file.
    for (index, document) in serde_yaml_ng::Deserializer::from_str(text).enumerate() {
        let source = source_of(index);
        let seed = DocumentSeed { decoder: &decoder, source: &source };
        let document = seed.deserialize(document).map_err(|error| yaml_error(&source, &error))?;
        take(&decoder, &source, document, manifests)?;
    }
    Ok(())
}

/// The objects of one document read, into `manifests`.
fn take(
    decoder: &Decoder<'_>,
    source: &Source,
    document: Document,
    manifests: &mut Manifests,
) -> Result<(), InputError> {
    let (fields, items) = match document {
        Document::Other(value) => return decoder.document(source, value, manifests),
        Document::Mapping(fields, None) => return decoder.document(source, Value::Object(fields), manifests),
        Document::Mapping(fields, Some(items)) => (fields, items),
    };
    let field = |name: &str| fields.get(name).and_then(Value::as_str).unwrap_or("");
    let (api_version, kind) = (field("apiVersion"), field("kind"));
    if !kind.ends_with("List") {
        return decoder.document(source, Value::Object(fields), manifests);
    }
    if let Some(error) = items.first_error {
        return Err(error);
    }
    let Items { read, deferred, .. } = *items;
    manifests.append(read);
    for (item_source, item) in deferred {
        decoder.list_item(&item_source, item, (api_version, kind), manifests)?;
    }
    Ok(())
}

/// A YAML syntax error, at the line the parser reports.
fn yaml_error(source: &Source, error: &serde_yaml_ng::Error) -> InputError {
    let line = error.location().map(|location| location.line()).unwrap_or(source.line);
    InputError::new(format!("invalid YAML: {}", strip_location(&error.to_string())))
        .at(&source.with_line(line))
        .hint("fix the YAML syntax; `kubectl apply --dry-run=client -f FILE` shows the same error")
}

/// serde_yaml_ng appends ` at line L column C`; sgctl puts the line in front instead.
pub fn strip_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) => message[..index].to_string(),
        None => message.to_string(),
    }
}

/// A visitor's scalars, read as `StrictValue` reads them, each wrapped by `$wrap`.
macro_rules! other_values {
    ($wrap:path) => {
        fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
            Ok($wrap(Value::Bool(value)))
        }

        fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
            Ok($wrap(value.into()))
        }

        fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
            Ok($wrap(value.into()))
        }

        fn visit_f64<E: de::Error>(self, value: f64) -> Result<Self::Value, E> {
            ValueVisitor.visit_f64(value).map($wrap)
        }

        fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
            Ok($wrap(Value::String(value.to_string())))
        }

        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok($wrap(Value::Null))
        }

        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok($wrap(Value::Null))
        }
    };
}

/// One document as read: a mapping (its fields but `items`, and what its `items` sequence
/// read as, when it had one), or any other value.
enum Document {
    Mapping(Map<String, Value>, Option<Box<Items>>),
    Other(Value),
}

/// The items of a document that may be a List, read before its `kind` is known.
#[derive(Default)]
struct Items {
    /// The objects of the items read so far, in order.
    read: Manifests,
    /// The first item the controller would refuse (nothing is read into `read` after it).
    first_error: Option<InputError>,
    /// Items that name no kind, from the first of them on: they take the list's, once known.
    deferred: Vec<(Source, Value)>,
}

struct DocumentSeed<'a> {
    decoder: &'a Decoder<'a>,
    source: &'a Source,
}

impl<'de> DeserializeSeed<'de> for DocumentSeed<'_> {
    type Value = Document;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Document, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for DocumentSeed<'_> {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a YAML document")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Document, A::Error> {
        let mut fields = Map::new();
        let mut items = None;
        while let Some(Key(key)) = map.next_key()? {
            if fields.contains_key(&key) || (key == "items" && items.is_some()) {
                return Err(de::Error::custom(format!(
                    "duplicate key {key:?} in one mapping (kubectl refuses it too)"
                )));
            }
            if key != "items" {
                let StrictValue(value) = map.next_value()?;
                fields.insert(key, value);
                continue;
            }
            // A list's kind, when it came before its items, types the items as they are read.
            let kind = fields.get("kind").and_then(Value::as_str).map(str::to_string);
            let api_version = fields.get("apiVersion").and_then(Value::as_str).unwrap_or("").to_string();
            let seed = ItemsSeed { decoder: self.decoder, source: self.source, list: kind.map(|k| (api_version, k)) };
            match map.next_value_seed(seed)? {
                ItemsValue::Sequence(read) => items = Some(read),
                ItemsValue::Other(value) => {
                    fields.insert(key, value);
                }
            }
        }
        Ok(Document::Mapping(fields, items))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Document, A::Error> {
        ValueVisitor.visit_seq(seq).map(Document::Other)
    }

    other_values!(Document::Other);
}

/// What a document's `items` field read as: a sequence, item by item, or any other value.
enum ItemsValue {
    Sequence(Box<Items>),
    Other(Value),
}

struct ItemsSeed<'a> {
    decoder: &'a Decoder<'a>,
    source: &'a Source,
    /// The list's apiVersion and kind, when known before its items.
    list: Option<(String, String)>,
}

impl<'de> DeserializeSeed<'de> for ItemsSeed<'_> {
    type Value = ItemsValue;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<ItemsValue, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ItemsSeed<'_> {
    type Value = ItemsValue;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of objects")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<ItemsValue, A::Error> {
        let lines = item_lines(self.decoder.text, self.source.line);
        let mut items = Items::default();
        let mut index = 0;
        // Every item is read, even after one the controller refuses: a YAML error further
        // on is the document's error, as it is when the document is read whole.
        while let Some(StrictValue(item)) = seq.next_element()? {
            let line = lines.get(index).copied().filter(|&line| line > 0).unwrap_or(self.source.line);
            let source = Source { item: Some(index), line, ..self.source.clone() };
            index += 1;
            if items.first_error.is_some() {
                continue;
            }
            let named = item.get("kind").is_some_and(|kind| !kind.is_null());
            let list = match &self.list {
                Some((api_version, kind)) => (api_version.as_str(), kind.as_str()),
                // Only an item that names its kind can be typed before the list's is known.
                None if !named || !items.deferred.is_empty() => {
                    items.deferred.push((source, item));
                    continue;
                }
                None => ("", ""),
            };
            if let Err(error) = self.decoder.list_item(&source, item, list, &mut items.read) {
                items.first_error = Some(error);
            }
        }
        Ok(ItemsValue::Sequence(Box::new(items)))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<ItemsValue, A::Error> {
        ValueVisitor.visit_map(map).map(ItemsValue::Other)
    }

    other_values!(ItemsValue::Other);
}
