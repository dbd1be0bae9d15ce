//! A stable insertion sort for the short lists the page sorts (a chart's line
//! labels, a link's changes): it keeps the standard library's general sorts,
//! about 5 KB of gzipped wasm, out of the page. Linear on a list that is
//! already in order, as a link's changes nearly always are.

use std::cmp::Ordering;

/// Sort `v` by `cmp`, keeping equal elements in their order.
pub fn insertion_sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::insertion_sort_by;

    #[test]
    fn sorts_and_keeps_ties_in_order() {
        let mut v = vec![(3, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (3, 'e'), (0, 'f')];
        let mut want = v.clone();
        want.sort_by_key(|p| p.0);
        insertion_sort_by(&mut v, |a, b| a.0.cmp(&b.0));
        assert_eq!(v, want, "same as the standard stable sort");
        let mut empty: Vec<i32> = vec![];
        insertion_sort_by(&mut empty, |a, b| a.cmp(b));
        let mut xs: Vec<f64> = (0..200).map(|i| ((i * 37) % 101) as f64).collect();
        insertion_sort_by(&mut xs, |a, b| a.total_cmp(b));
        assert!(xs.windows(2).all(|w| w[0] <= w[1]));
    }
}
