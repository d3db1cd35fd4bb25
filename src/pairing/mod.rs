//! Pairing two sets of bodies: optimal one-to-one assignment (`assign`) and co-terminosity
//! from a small-area lookup (`overlap`).

pub mod assign;
pub mod overlap;
