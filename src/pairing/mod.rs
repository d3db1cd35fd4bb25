//! Pairing of bodies: by name, by a lookup (co-terminosity), by optimal assignment.

pub mod names;
pub mod strings;
