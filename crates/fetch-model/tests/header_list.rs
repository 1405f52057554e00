//! The header list against a plain model of the standard's operations: any
//! sequence of append, set, combine, delete and push leaves the list
//! holding exactly what a list of (name, value) pairs would. The list keeps
//! all its text in one buffer with ranges per entry, so this guards the
//! range arithmetic.

use proptest::prelude::*;
use sop_fetch_model::HeaderList;

#[derive(Clone, Debug)]
enum Op {
    Append(String, String),
    Set(String, String),
    Combine(String, String),
    Delete(String),
    Push(String, String),
}

/// The standard's algorithms over a vector of pairs.
/// <https://fetch.spec.whatwg.org/#concept-header-list>
#[derive(Default)]
struct Model(Vec<(String, String)>);

impl Model {
    fn first(&self, name: &str) -> Option<usize> {
        self.0
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    fn apply(&mut self, op: &Op) {
        match op {
            Op::Append(n, v) => {
                let name = self.first(n).map_or(n.clone(), |i| self.0[i].0.clone());
                self.0.push((name, v.clone()));
            }
            Op::Set(n, v) => match self.first(n) {
                Some(i) => {
                    self.0[i].1 = v.clone();
                    let mut index = 0;
                    self.0.retain(|(m, _)| {
                        let keep = index <= i || !m.eq_ignore_ascii_case(n);
                        index += 1;
                        keep
                    });
                }
                None => self.apply(&Op::Append(n.clone(), v.clone())),
            },
            Op::Combine(n, v) => match self.first(n) {
                Some(i) => {
                    let combined = format!("{}, {v}", self.0[i].1);
                    self.0[i].1 = combined;
                }
                None => self.apply(&Op::Append(n.clone(), v.clone())),
            },
            Op::Delete(n) => self.0.retain(|(m, _)| !m.eq_ignore_ascii_case(n)),
            Op::Push(n, v) => self.0.push((n.clone(), v.clone())),
        }
    }
}

fn name() -> impl Strategy<Value = String> {
    // Few names, in mixed case, so operations meet each other; one
    // non-ASCII name so byte ranges cross multi-byte characters.
    prop::sample::select(vec!["a", "A", "b", "B", "x-y", "X-Y", "é"]).prop_map(str::to_owned)
}

fn value() -> impl Strategy<Value = String> {
    "[a-zé ,]{0,6}"
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (name(), value()).prop_map(|(n, v)| Op::Append(n, v)),
        (name(), value()).prop_map(|(n, v)| Op::Set(n, v)),
        (name(), value()).prop_map(|(n, v)| Op::Combine(n, v)),
        name().prop_map(Op::Delete),
        (name(), value()).prop_map(|(n, v)| Op::Push(n, v)),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    #[test]
    fn operations_match_the_model(ops in prop::collection::vec(op(), 0..24)) {
        let mut list = HeaderList::new();
        let mut model = Model::default();
        for op in &ops {
            match op {
                Op::Append(n, v) => list.append(n, v),
                Op::Set(n, v) => list.set(n, v),
                Op::Combine(n, v) => list.combine(n, v),
                Op::Delete(n) => list.delete(n),
                Op::Push(n, v) => list.push(n, v),
            }
            model.apply(op);
            let got: Vec<(&str, &str)> = list.iter().collect();
            let want: Vec<(&str, &str)> = model.0.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
            prop_assert_eq!(&got, &want, "after {:?}", op);
            prop_assert_eq!(list.len(), model.0.len());
            // A copy, and a list built from the pairs, are equal to it.
            prop_assert_eq!(&list.clone(), &list);
            prop_assert_eq!(&HeaderList::from_pairs(want.iter().copied()), &list);
            // A name repeats exactly when some pair of names is equal but
            // for ASCII case.
            let repeats = want.iter().enumerate().any(|(i, (n, _))| {
                want[i + 1..].iter().any(|(m, _)| m.eq_ignore_ascii_case(n))
            });
            prop_assert_eq!(list.repeats_a_name(), repeats);
            // A list sized in advance, too little or enough, fills the same.
            for bytes in [0, 3, 64] {
                let mut sized = HeaderList::with_room(want.len(), bytes);
                for (n, v) in &want {
                    sized.push(n, v);
                }
                prop_assert_eq!(&sized, &list);
            }
            for probe in ["a", "b", "x-y", "é", "zz"] {
                let joined: Vec<&str> = model.0.iter().filter(|(n, _)| n.eq_ignore_ascii_case(probe)).map(|(_, v)| v.as_str()).collect();
                let joined = (!joined.is_empty()).then(|| joined.join(", "));
                prop_assert_eq!(list.get(probe), joined);
                prop_assert_eq!(list.contains(probe), model.first(probe).is_some());
            }
        }
    }
}

fn token() -> impl Strategy<Value = String> {
    // Tokens in mixed case that sort differently before and after
    // lower-casing (`_` lies between the two cases), and repeat.
    "[a-cA-C_-]{1,4}"
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1024))]

    /// `HeaderNames::sorted_lowercase_set` compares names as lower-cased
    /// instead of copying them: it gives exactly the standard's set, and
    /// its joined value splits back into it.
    #[test]
    fn header_names_are_the_sorted_lowercase_set(names in prop::collection::vec(token(), 0..12)) {
        use sop_fetch_model::headers::{HeaderNames, convert_header_names_to_sorted_lowercase_set};
        let want = convert_header_names_to_sorted_lowercase_set(&names);
        let set = HeaderNames::sorted_lowercase_set(names.iter().map(String::as_str));
        prop_assert_eq!(set.iter().collect::<Vec<_>>(), want.iter().map(String::as_str).collect::<Vec<_>>());
        prop_assert_eq!(set.as_header_value(), want.join(","));
        prop_assert_eq!(set.to_string(), want.join(", "));
        prop_assert_eq!(set.is_empty(), want.is_empty());
        for name in &names {
            prop_assert!(set.contains(&name.to_ascii_uppercase()));
        }
        // As given, in order.
        let listed = HeaderNames::of(names.iter().map(String::as_str));
        prop_assert_eq!(listed.iter().collect::<Vec<_>>(), names.iter().map(String::as_str).collect::<Vec<_>>());
    }
}

/// The standard's parsing of a `#token` list value, written plainly: split
/// on commas, trim tabs and spaces, skip empty elements, and fail at the
/// first element that is not a token.
fn token_list_model(value: &str) -> Result<Vec<&str>, &str> {
    let mut items = Vec::new();
    for element in value.split(',') {
        let element = element.trim_matches([' ', '\t']);
        if element.is_empty() {
            continue;
        }
        if !sop_fetch_model::headers::is_token(element) {
            return Err(element);
        }
        items.push(element);
    }
    Ok(items)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(4096))]

    /// Extracting list values walks each value's bytes once; it gives
    /// what splitting, trimming and testing each element gives, the
    /// failing element included.
    #[test]
    fn list_values_are_extracted_as_the_model_splits_them(
        values in prop::collection::vec("[ab \t,;é\"]{0,10}", 1..3),
    ) {
        use sop_fetch_model::headers::extract_header_list_values;
        let list = HeaderList::from_pairs(values.iter().map(|v| ("X-List", v.as_str())));
        let got = extract_header_list_values(&list, "x-list");
        let mut want: Result<Vec<&str>, &str> = Ok(Vec::new());
        for value in &values {
            match (&mut want, token_list_model(value)) {
                (Ok(items), Ok(more)) => items.extend(more),
                (Ok(_), Err(element)) => want = Err(element),
                (Err(_), _) => {}
            }
        }
        match (got, want) {
            (Ok(Some(items)), Ok(want)) => prop_assert_eq!(items.to_vec(), want),
            (Err(e), Err(element)) => prop_assert_eq!(e.element, element),
            (got, want) => prop_assert!(false, "got {:?}, want {:?}", got, want),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]

    /// A list built header by header is in plain wire form exactly when
    /// every name is a token and every value is normalised and free of
    /// NUL, CR and LF; after a value is replaced, a `true` still is.
    #[test]
    fn plain_wire_form_is_tokens_and_normal_values(
        pairs in prop::collection::vec(("[a-c: é\t]{0,3}", "[a \t\r\n\u{0}é]{0,4}"), 0..5),
        replacement in "[a \t\n]{0,3}",
    ) {
        use sop_fetch_model::headers::{is_token, normalize_header_value};
        let plain = |pairs: &[(String, String)]| pairs.iter().all(|(n, v)| {
            is_token(n)
                && normalize_header_value(v) == v
                && !v.contains(['\0', '\r', '\n'])
        });
        let mut list = HeaderList::from_pairs(pairs.iter().map(|(n, v)| (n.as_str(), v.as_str())));
        prop_assert_eq!(list.is_plain_wire_form(), plain(&pairs));
        if let Some((name, _)) = pairs.first() {
            list.set(name, &replacement);
            let now: Vec<(String, String)> = list.iter().map(|(n, v)| (n.to_owned(), v.to_owned())).collect();
            prop_assert!(!list.is_plain_wire_form() || plain(&now));
        }
    }
}
