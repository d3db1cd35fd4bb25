//! Multiple comparisons: Holm's step-down and Bonferroni's adjustments of p-values.

use crate::{Error, Result};

fn check_pvalues(p: &[f64]) -> Result<()> {
    if let Some(i) = p.iter().position(|v| !(0.0..=1.0).contains(v)) {
        return Err(Error::value(format!("pvalues: element {i}: {} is not a probability in [0, 1]", p[i])));
    }
    Ok(())
}

/// Holm's step-down adjustment (Holm 1979): `max_{j <= i} min(1, (m - j + 1) p_(j))` in
/// ascending order, returned in the input order.
pub fn holm(p: &[f64]) -> Result<Vec<f64>> {
    check_pvalues(p)?;
    let m = p.len();
    let mut order: Vec<usize> = (0..m).collect();
    order.sort_by(|&a, &b| p[a].total_cmp(&p[b]));
    let mut out = vec![0.0; m];
    let mut running: f64 = 0.0;
    for (j, &i) in order.iter().enumerate() {
        running = running.max(((m - j) as f64 * p[i]).min(1.0));
        out[i] = running;
    }
    Ok(out)
}

/// Bonferroni's adjustment: `min(1, m p)`.
pub fn bonferroni(p: &[f64]) -> Result<Vec<f64>> {
    check_pvalues(p)?;
    let m = p.len() as f64;
    Ok(p.iter().map(|&v| (v * m).min(1.0)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holm_by_hand() {
        let p = [0.01, 0.04, 0.03, 0.005];
        let h = holm(&p).unwrap();
        // sorted 0.005*4=0.02, 0.01*3=0.03, 0.03*2=0.06, 0.04*1 -> max 0.06
        let want = [0.03, 0.06, 0.06, 0.02];
        for (a, b) in h.iter().zip(want) {
            assert!((a - b).abs() < 1e-15);
        }
        assert_eq!(bonferroni(&[0.3, 0.1]).unwrap(), vec![0.6, 0.2]);
    }
}
