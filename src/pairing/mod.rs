//! Pairing two sets of bodies: by name (`names`), optimal one-to-one assignment (`assign`) and
//! co-terminosity from a small-area lookup (`overlap`).

pub mod assign;
pub mod names;
pub mod overlap;
