//! Where an object came from (file, document, line, list item) and the one error type for
//! bad input: it names the place, the object, the annotation, and what was expected.

use std::fmt;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Source {
    /// The path as given (or `-` for standard input).
    pub file: Arc<str>,
    /// 1-based index of the YAML document in the file.
    pub document: usize,
    /// 1-based line where the object starts (0 when unknown).
    pub line: usize,
    /// 0-based index in a `List`'s `items`, when the object came from one.
    pub item: Option<usize>,
}

impl Source {
    pub fn with_line(&self, line: usize) -> Source {
        Source { line, ..self.clone() }
    }
}

impl fmt::Display for Source {
    /// `file:line`, the form editors and terminals turn into links.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}", self.file, self.line)
        } else {
            write!(f, "{}", self.file)
        }
    }
}

/// Bad input: a manifest that cannot be read, parsed, or accepted by the controller.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InputError {
    pub source: Option<Source>,
    /// `Ingress ns-1/ing-1`, when the error is about one object.
    pub object: Option<String>,
    /// The annotation (full key) or field the error is about.
    pub annotation: Option<String>,
    /// What happened; contains the controller's error text when it has one.
    pub message: String,
    /// What to do about it.
    pub hint: Option<String>,
}

impl InputError {
    pub fn new(message: impl Into<String>) -> InputError {
        InputError { source: None, object: None, annotation: None, message: message.into(), hint: None }
    }

    pub fn at(mut self, source: &Source) -> InputError {
        self.source = Some(source.clone());
        self
    }

    pub fn object(mut self, object: impl Into<String>) -> InputError {
        self.object = Some(object.into());
        self
    }

    pub fn annotation(mut self, annotation: impl Into<String>) -> InputError {
        self.annotation = Some(annotation.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> InputError {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(source) = &self.source {
            write!(f, "{source}: ")?;
            if source.document > 1 || source.item.is_some() {
                write!(f, "document {}", source.document)?;
                if let Some(item) = source.item {
                    write!(f, " item {item}")?;
                }
                write!(f, ": ")?;
            }
        }
        if let Some(object) = &self.object {
            write!(f, "{object}: ")?;
        }
        if let Some(annotation) = &self.annotation {
            write!(f, "{annotation}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

impl std::error::Error for InputError {}
