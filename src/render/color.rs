//! ANSI colour for the text plan, terraform's palette: additions green, removals red,
//! in-place changes yellow, warnings yellow, headings and the summary bold. A pure
//! transform of the rendered text, so coloured and plain plans never differ in content.

const GREEN: &str = "32";
const RED: &str = "31";
const YELLOW: &str = "33";
const BOLD: &str = "1";

fn paint(line: &str, code: &str) -> String {
    format!("\x1b[{code}m{line}\x1b[0m")
}

pub fn colorize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for line in text.lines() {
        let trimmed = line.trim_start();
        let code = if trimmed.starts_with("+ ") || trimmed.starts_with("| + |") {
            Some(GREEN)
        } else if trimmed.starts_with("- ") || trimmed.starts_with("| - |") {
            Some(RED)
        } else if trimmed.starts_with("~ ") || trimmed.starts_with("Warning:") || trimmed.starts_with("? ") {
            Some(YELLOW)
        } else if trimmed.starts_with("Plan:")
            || trimmed.starts_with("No changes.")
            || (trimmed.starts_with("# ") && !trimmed.starts_with("# ("))
        {
            Some(BOLD)
        } else {
            None
        };
        match code {
            Some(code) => out.push_str(&paint(line, code)),
            None => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colours_by_the_leading_symbol_only() {
        let text = "  # security_group.backend will be created\n      + tcp 443 from 0.0.0.0/0\n      - tcp 80 from 0.0.0.0/0\n        id = \"sg-1\"\nPlan: 1 to add, 0 to change, 0 to destroy.\n";
        let coloured = colorize(text);
        assert!(coloured.contains("\x1b[32m      + tcp 443"));
        assert!(coloured.contains("\x1b[31m      - tcp 80"));
        assert!(coloured.contains("        id = \"sg-1\"\n"), "plain lines stay plain");
        assert!(coloured.contains("\x1b[1mPlan: 1 to add"));
        let stripped =
            coloured.replace("\x1b[32m", "").replace("\x1b[31m", "").replace("\x1b[1m", "").replace("\x1b[0m", "");
        assert_eq!(stripped, text);
    }
}
