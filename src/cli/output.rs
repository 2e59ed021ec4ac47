//! What goes to stdout: a rendered view of a plan document, written through a buffer; a
//! closed pipe (`sgctl plan | head`) ends the run quietly.

use super::args::OutputFormat;
use super::terminal::Style;
use crate::document::PlanDocument;
use anyhow::Result;
use std::io::Write;

/// stdout was closed by its reader; the run ends quietly (exit 0, nothing on stderr).
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub struct ClosedPipe;

/// Writes `text` to stdout.
pub fn emit(text: &str) -> Result<()> {
    emit_with(|out| out.write_all(text.as_bytes()))
}

/// Writes to stdout through a buffer; a closed pipe is `ClosedPipe`.
pub fn emit_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) -> Result<()> {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    match write(&mut stdout).and_then(|()| stdout.flush()) {
        Ok(()) => Ok(()),
        Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => Err(ClosedPipe.into()),
        Err(error) => Err(error.into()),
    }
}

/// Writes the document in the chosen view: text (coloured when wanted), the document's own
/// JSON, or the markdown comment.
pub fn show(document: &PlanDocument, format: OutputFormat, style: Style) -> Result<()> {
    let _rendering = tracing::debug_span!("rendering").entered();
    match format {
        OutputFormat::Json => emit_with(|out| crate::document::write(document, out)),
        OutputFormat::Text if style.color => {
            emit(&crate::render::color::colorize(&crate::render::text::render(document)))
        }
        OutputFormat::Text => emit(&crate::render::text::render(document)),
        OutputFormat::Markdown => {
            emit(&crate::render::markdown::render(document, crate::render::markdown::COMMENT_LIMIT))
        }
    }
}
