//! A set of participants, by their position in the event, as bits.
//!
//! Ranking plans intersects "who can make every slot of this run" thousands of times per tally;
//! with at most [`MAX_PARTICIPANTS`](crate::domain::input::MAX_PARTICIPANTS) people that is an AND
//! and a popcount over a few words, instead of walking answer maps.

/// Participants (by index) who can make something.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Crew(Vec<u64>);

impl Crew {
    /// Nobody, sized for `people` participants.
    pub(super) fn empty(people: usize) -> Crew {
        Crew(vec![0; people.div_ceil(64)])
    }

    /// Everybody of `people` participants.
    pub(super) fn everyone(people: usize) -> Crew {
        let mut crew = Crew::empty(people);
        (0..people).for_each(|i| crew.insert(i));
        crew
    }

    /// Adds participant `i`.
    pub(super) fn insert(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }

    /// Those in both.
    pub(super) fn and(&self, other: &Crew) -> Crew {
        Crew(self.0.iter().zip(&other.0).map(|(a, b)| a & b).collect())
    }

    /// Those in `self` but not in `other`.
    pub(super) fn minus(&self, other: &Crew) -> Crew {
        Crew(self.0.iter().zip(&other.0).map(|(a, b)| a & !b).collect())
    }

    /// How many are in both, without building the intersection.
    pub(super) fn count_and(&self, other: &Crew) -> u32 {
        self.0.iter().zip(&other.0).map(|(a, b)| (a & b).count_ones()).sum()
    }

    /// Whether nobody is in.
    pub(super) fn is_empty(&self) -> bool {
        self.0.iter().all(|w| *w == 0)
    }

    /// The positions in, ascending.
    pub(super) fn members(&self) -> impl Iterator<Item = usize> + '_ {
        self.0
            .iter()
            .enumerate()
            .flat_map(|(w, bits)| (0..64).filter(move |b| bits >> b & 1 == 1).map(move |b| w * 64 + b))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sets_across_word_boundaries() {
        let mut a = Crew::empty(130);
        [0, 63, 64, 129].into_iter().for_each(|i| a.insert(i));
        let mut b = Crew::empty(130);
        [63, 129, 5].into_iter().for_each(|i| b.insert(i));
        assert_eq!(a.members().count(), 4);
        assert_eq!(a.and(&b).members().collect::<Vec<_>>(), vec![63, 129]);
        assert_eq!(a.count_and(&b), 2);
        assert_eq!(a.minus(&b).members().collect::<Vec<_>>(), vec![0, 64]);
        assert!(!a.is_empty() && Crew::empty(3).is_empty());
        assert_eq!(Crew::everyone(65).members().count(), 65);
        assert!(Crew::everyone(0).is_empty());
    }
}
