//! Pairing two sets of bodies: by name (`names`), optimal one-to-one assignment (`assign`),
//! co-terminosity from a small-area lookup (`overlap`), how each unit relates to the other
//! side (`relationships`), and the one rule for a weight (`weight`).

pub mod assign;
pub mod codes;
pub mod names;
pub mod overlap;
pub mod relationships;
pub mod weight;
