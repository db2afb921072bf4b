//! The findings arranged for the form: the core's [`crate::findings`], and the id of the
//! message element the form shows them in.

pub use crate::findings::*;

/// The id of the message element of the findings shown at `path` (`f-…--msg`).
pub fn message_id(path: &str) -> String {
    format!("{}--msg", super::state::control_id(path))
}
