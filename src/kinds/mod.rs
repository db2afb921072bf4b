//! The registry of report kinds this build knows, and what needs a kind's rules: the top of
//! the core. Each kind is data in a module of its own (`dan_van`); the vocabulary it is
//! written in is [`crate::kind`], the rule engine [`crate::check`].

use std::sync::OnceLock;

use crate::check::{self, Finding, Rule};
use crate::kind::Kind;
use crate::model::Draft;

pub mod dan_van;

/// Every report kind this build knows.
pub fn all() -> &'static [Kind] {
    static KINDS: [Kind; 1] = [dan_van::KIND];
    &KINDS
}

pub fn by_id(id: &str) -> Option<&'static Kind> {
    all().iter().find(|k| k.id == id)
}

// A kind's rules and sample are declared in its module beside the rest of it, but reached
// through these two functions rather than fields of [`Kind`]: code that never calls them —
// the web page, whose worker runs the checks and hands out the sample — leaves them (and
// their messages, a fifth of the page's code) out of its wasm.

/// The consistency rules of a kind (its own and the shared ND30 rules).
pub fn rules(kind: &Kind) -> &'static [Rule] {
    static DAN_VAN: OnceLock<Vec<Rule>> = OnceLock::new();
    match kind.id {
        dan_van::ID => DAN_VAN.get_or_init(dan_van::rules),
        _ => &[],
    }
}

/// The kind's sample report (for the reference kind, the reference report as a draft).
pub fn sample(kind: &Kind) -> Draft {
    match kind.id {
        dan_van::ID => dan_van::sample(),
        _ => (kind.blank)(),
    }
}

/// Run every rule of the kind on the draft: errors first, then warnings, then notes.
pub fn check(kind: &Kind, d: &Draft) -> Vec<Finding> {
    check::check_rules(kind, rules(kind), d)
}
