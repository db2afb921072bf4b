//! Consistency checks. Each rule belongs to a report kind; running the rules returns
//! findings, never an error.

use serde::Serialize;

use crate::kind::Kind;
use crate::model::Draft;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// `ERROR` / `WARNING` / `INFO`, as the command line prints it.
    pub fn code(self) -> &'static str {
        match self {
            Severity::Error => "ERROR",
            Severity::Warning => "WARNING",
            Severity::Info => "INFO",
        }
    }
}

/// One thing the author should look at.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    /// Draft paths of the fields involved (the form controls' `name`s).
    pub fields: Vec<String>,
    /// Vietnamese message naming the figures.
    pub message: String,
    pub values: serde_json::Map<String, serde_json::Value>,
}

/// A rule of a report kind.
#[derive(Debug)]
pub struct Rule {
    pub id: String,
    pub severity: Severity,
}

pub fn rules_dan_van() -> Vec<Rule> {
    Vec::new()
}

/// Run every rule of the kind on the draft.
pub fn check(_kind: &Kind, _d: &Draft) -> Vec<Finding> {
    Vec::new()
}
