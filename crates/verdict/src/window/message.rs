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
        } => {
            let verb = match *op {
                "set" => format!("Failed to set a named property '{property}' on '{interface}'"),
                _ => format!("Failed to read a named property '{property}' from '{interface}'"),
            };
            format!(
                "{verb}: Blocked a frame with origin \"{accessor}\" from accessing a cross-origin frame."
            )
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
        DomainRefusal::NotASuffix(effective) => {
            format!("'{value}' is not a suffix of '{effective}'.")
        }
    };
    format!("Failed to set the 'domain' property on 'Document': {detail}")
}
