//! Chromium's words for what a page's script could not do to another
//! window: the exceptions' messages and the console lines.

use sop_html::windows::Refused;

use super::evaluate::DomainRefusal;

/// The message of a refused or dropped operation.
pub(crate) fn access_message(refused: &Refused) -> String {
    match refused {
        Refused::CrossOrigin {
            interface,
            property,
            op,
            accessor,
            severed,
        } => {
            let verb = match (*op, property.parse::<usize>()) {
                ("set", _) => {
                    format!("Failed to set a named property '{property}' on '{interface}'")
                }
                (_, Ok(i)) => {
                    format!("Failed to read an indexed property [{i}] from '{interface}'")
                }
                _ => format!("Failed to read a named property '{property}' from '{interface}'"),
            };
            if *severed {
                // COOP: the handle reaches no document at all.
                format!(
                    "{verb}: An attempt was made to break through the security policy of the user agent."
                )
            } else {
                format!(
                    "{verb}: Blocked a frame with origin \"{accessor}\" from accessing a cross-origin frame."
                )
            }
        }
        Refused::OfNothing { what, property, op } => match *op {
            "set" => format!("Cannot set properties of {what} (setting '{property}')"),
            _ => format!("Cannot read properties of {what} (reading '{property}')"),
        },
        Refused::BadTargetOrigin(target) => format!(
            "Failed to execute 'postMessage' on 'Window': Invalid target origin '{target}' in a call to 'postMessage'."
        ),
        Refused::TargetMismatch { target, receiver } => format!(
            "Failed to execute 'postMessage' on 'DOMWindow': The target origin provided ('{target}') does not match the recipient window's origin ('{receiver}')."
        ),
        _ => String::new(),
    }
}

/// The message of a refused `document.domain` assignment.
pub(crate) fn domain_message(why: &DomainRefusal, value: &str) -> String {
    let detail = match why {
        DomainRefusal::Sandboxed => "Assignment is forbidden for sandboxed iframes.".to_owned(),
        DomainRefusal::Opaque => "Assignment is forbidden for sandboxed iframes.".to_owned(),
        // A suffix that is a public suffix: Chromium calls it a top-level
        // domain.
        DomainRefusal::NotASuffix(effective)
            if effective.ends_with(&format!(".{value}"))
                && sop_origin::Host::parse(effective).is_ok_and(|h| h.is_domain()) =>
        {
            format!("'{value}' is a top-level domain.")
        }
        // The value as the host parser reads it ("0.1" is 0.0.0.1).
        DomainRefusal::NotASuffix(effective) => {
            let value = sop_origin::Host::parse(value)
                .map(|h| h.to_string())
                .unwrap_or_else(|_| value.to_owned());
            format!("'{value}' is not a suffix of '{effective}'.")
        }
    };
    format!("Failed to set the 'domain' property on 'Document': {detail}")
}
