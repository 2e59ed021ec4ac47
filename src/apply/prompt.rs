//! The approval question. Only the exact answer `yes` approves, as terraform does.

use std::io::{BufRead, Write};

pub const PROMPT: &str = "Do you want to perform these actions?\n  sgctl will perform the actions described above.\n  Only 'yes' will be accepted to approve.\n\n  Enter a value: ";

/// Asks on `output`, reads one line from `input`. End of input is a no.
pub fn confirm(input: &mut dyn BufRead, output: &mut dyn Write) -> std::io::Result<bool> {
    output.write_all(PROMPT.as_bytes())?;
    output.flush()?;
    let mut answer = String::new();
    input.read_line(&mut answer)?;
    writeln!(output)?;
    Ok(answer.trim_end_matches(['\n', '\r']) == "yes")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(text: &str) -> bool {
        confirm(&mut text.as_bytes(), &mut Vec::new()).unwrap()
    }

    #[test]
    fn only_yes_approves() {
        assert!(answer("yes\n"));
        assert!(answer("yes\r\n"));
        for no in ["y\n", "Yes\n", "YES\n", " yes\n", "yes please\n", "", "no\n"] {
            assert!(!answer(no), "{no:?}");
        }
    }
}
