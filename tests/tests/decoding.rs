//! The models' written-out serde impls (structs read key by key, string enums matched once)
//! decode exactly as serde's derive did: fields by wire name, unknown keys ignored, a missing
//! required field or a repeated one an error naming it, `null` and absent the same for
//! optional fields, unknown enum values kept.

use operations_client::models::{
    Annotation, Block, Destination, DestinationStatus, Either, GetPartOrder, Item, LaneEvent, Part,
    Point, Quantity, Sample, Thing,
};

#[test]
fn structs_decode_by_wire_name_and_ignore_unknown_keys() {
    let thing: Thing =
        serde_json::from_str(r#"{"extra": {"x": [1, {"y": null}]}, "name": "a", "id": 7}"#)
            .unwrap();
    assert_eq!(thing, Thing::new(7, "a"));
    // An escaped key cannot be borrowed from the input; it is the same key.
    let escaped: Thing = serde_json::from_str(r#"{"i\u0064": 7, "name": "a"}"#).unwrap();
    assert_eq!(escaped, thing);
    // From a reader nothing is borrowed at all.
    let read: Thing = serde_json::from_reader(&br#"{"id": 7, "name": "a"}"#[..]).unwrap();
    assert_eq!(read, thing);
    assert_eq!(
        serde_json::to_value(&thing).unwrap(),
        serde_json::json!({"id": 7, "name": "a"})
    );
}

#[test]
fn struct_errors_name_the_field() {
    let error = |json: &str| serde_json::from_str::<Thing>(json).unwrap_err().to_string();
    assert!(error(r#"{"id": 7}"#).starts_with("missing field `name`"));
    // Of several missing, the first in field order.
    assert!(error("{}").starts_with("missing field `id`"));
    assert!(error(r#"{"id": 7, "id": 8, "name": "a"}"#).starts_with("duplicate field `id`"));
    assert!(error(r#"{"id": "7", "name": "a"}"#)
        .starts_with("invalid type: string \"7\", expected i64"));
    assert!(error(r#"[7, "a"]"#).starts_with("invalid type: sequence, expected struct Thing"));
    assert!(error("null").starts_with("invalid type: null, expected struct Thing"));
}

#[test]
fn optional_fields_are_none_when_absent_or_null() {
    use gcore_streaming::models::ClipId;
    let json = r#"{"id": "c1", "duration": 60, "created_at": null}"#;
    let clip: ClipId = serde_json::from_str(json).unwrap();
    assert_eq!((clip.created_at.as_deref(), clip.start), (None, None));
    // Absent optional fields stay absent when encoded again.
    let encoded = serde_json::to_value(&clip).unwrap();
    assert_eq!(encoded, serde_json::json!({"id": "c1", "duration": 60}));
}

#[test]
fn string_enums_keep_unknown_values() {
    let order: GetPartOrder = serde_json::from_str(r#""desc""#).unwrap();
    assert_eq!(order, GetPartOrder::Desc);
    assert_eq!(order.as_str(), "desc");
    let later: GetPartOrder = serde_json::from_str(r#""random""#).unwrap();
    assert_eq!(later, GetPartOrder::Unknown("random".into()));
    assert_eq!(serde_json::to_string(&later).unwrap(), r#""random""#);
    assert_eq!(
        serde_json::to_string(&GetPartOrder::Asc).unwrap(),
        r#""asc""#
    );
    let error = serde_json::from_str::<GetPartOrder>("5")
        .unwrap_err()
        .to_string();
    assert!(
        error.starts_with("invalid type: integer `5`, expected a string"),
        "{error}"
    );
}

#[test]
fn a_discriminator_without_mapping_reads_the_value_each_member_pins() {
    let decode = |json: serde_json::Value| serde_json::from_value::<Annotation>(json).unwrap();
    let url = decode(serde_json::json!({"type": "url_citation", "url": "https://a.example"}));
    assert!(
        matches!(&url, Annotation::UrlCitation(c) if c.url == "https://a.example"),
        "{url:?}"
    );
    let file = decode(serde_json::json!({"type": "file_citation", "file_id": "f"}));
    assert!(
        matches!(&file, Annotation::FileCitation(c) if c.file_id == "f"),
        "{file:?}"
    );
    // An inline member is chosen by its pinned value too.
    let note = decode(serde_json::json!({"type": "note", "text": "t"}));
    assert!(matches!(&note, Annotation::Note(_)), "{note:?}");
    // The schema's name is not a value the API sends: it is an unknown tag, kept as received.
    let named = decode(serde_json::json!({"type": "UrlCitation", "url": "u"}));
    assert!(matches!(&named, Annotation::Unknown(_)), "{named:?}");
}

#[test]
fn members_sharing_a_pinned_tag_are_tried_in_order() {
    let decode = |json: serde_json::Value| serde_json::from_value::<Item>(json);
    let input = decode(serde_json::json!({"type": "message", "content": "hi"})).unwrap();
    assert!(
        matches!(&input, Item::InputMessage(m) if m.content == "hi"),
        "{input:?}"
    );
    let output = decode(serde_json::json!({"type": "message", "id": "m1"})).unwrap();
    assert!(
        matches!(&output, Item::OutputMessage(m) if m.id == "m1"),
        "{output:?}"
    );
    let url = decode(serde_json::json!({"type": "url_citation", "url": "u"})).unwrap();
    assert!(matches!(&url, Item::UrlCitation(_)), "{url:?}");
    // Neither member fits: the last one's error.
    let error = decode(serde_json::json!({"type": "message"})).unwrap_err();
    assert!(error.to_string().contains("missing field `id`"), "{error}");
}

#[test]
fn members_that_all_pin_a_required_property_are_chosen_by_it() {
    let decode = |json: serde_json::Value| serde_json::from_value::<Block>(json).unwrap();
    let image = decode(serde_json::json!({"type": "image", "url": "u"}));
    assert!(
        matches!(&image, Block::ImageBlock(b) if b.url.as_deref() == Some("u")),
        "{image:?}"
    );
    let text = decode(serde_json::json!({"type": "text", "text": "t"}));
    assert!(matches!(&text, Block::TextBlock(_)), "{text:?}");
    let other = decode(serde_json::json!({"type": "audio"}));
    assert!(matches!(&other, Block::Unknown(_)), "{other:?}");
}

#[test]
fn alternatives_beside_properties_are_structs_with_both() {
    let json =
        serde_json::json!({"uid": "d1", "status": "enabled", "type": "s3", "config": {"R": 1}});
    let s3 = serde_json::from_value::<Destination>(json.clone()).unwrap();
    let Destination::S3(d) = &s3 else {
        panic!("{s3:?}");
    };
    // The shared properties and the alternative's own, in one struct.
    assert_eq!(d.uid.as_deref(), Some("d1"));
    assert_eq!(d.status, Some(DestinationStatus::Enabled));
    assert_eq!(d.config.r, Some(1));
    assert_eq!(serde_json::to_value(&s3).unwrap(), json);
    let polling = serde_json::from_value::<Destination>(serde_json::json!({"type": "polling"}));
    assert!(
        matches!(polling, Ok(Destination::Polling(_))),
        "{polling:?}"
    );
}

#[test]
fn a_choice_inside_all_of_extends_the_other_members() {
    let json = serde_json::json!({"type": "url_citation", "url": "u", "stream_id": "s1"});
    let event = serde_json::from_value::<LaneEvent>(json.clone()).unwrap();
    let LaneEvent::UrlCitation(e) = &event else {
        panic!("{event:?}");
    };
    assert_eq!((e.url.as_str(), e.stream_id.as_deref()), ("u", Some("s1")));
    assert_eq!(serde_json::to_value(&event).unwrap(), json);
}

/// A discriminated union is read as it comes (`serde_json::from_str`, a response body): the
/// member its tag names reads the object from there, the entries before the tag replayed to
/// it. Where the tag stands changes nothing in what is decoded.
#[test]
fn a_tag_anywhere_in_the_object_chooses_its_member() {
    let decode = |json: &str| serde_json::from_str::<Annotation>(json);
    for json in [
        r#"{"type": "url_citation", "url": "https://a.example"}"#,
        r#"{"url": "https://a.example", "type": "url_citation"}"#,
        r#"{"x": {"type": "note", "y": [1, {"type": "note"}]}, "url": "https://a.example", "type": "url_citation", "z": null}"#,
    ] {
        let url = decode(json).unwrap();
        assert!(
            matches!(&url, Annotation::UrlCitation(c) if c.url == "https://a.example"),
            "{json}: {url:?}"
        );
    }
    // The member's own error, with its place in the input.
    let error = decode(r#"{"type": "url_citation", "url": 5}"#).unwrap_err();
    assert!(error.to_string().contains("at line 1 column"), "{error}");
    // A tag absent, not a string, or unknown, or no object at all: kept as received.
    for json in [
        r#"{"url": "u"}"#,
        r#"{"type": 3, "url": "u"}"#,
        r#"{"url": "u", "type": "other", "n": [1.5, true]}"#,
        r#"[1, "a"]"#,
        r#""note""#,
        "null",
    ] {
        let value: serde_json::Value = serde_json::from_str(json).unwrap();
        assert_eq!(decode(json).unwrap(), Annotation::Unknown(value), "{json}");
    }
    // A tag several members share: tried in order on the whole value, wherever the tag is.
    let items: Vec<Item> = serde_json::from_str(
        r#"[{"content": "hi", "type": "message"}, {"id": "m1", "type": "message"}, {"url": "u", "type": "url_citation"}]"#,
    )
    .unwrap();
    assert!(
        matches!(
            &items[..],
            [
                Item::InputMessage(_),
                Item::OutputMessage(_),
                Item::UrlCitation(_)
            ]
        ),
        "{items:?}"
    );
    // The default member reads what no tag names, read as it comes too.
    use operations_client::models::Shape;
    let shape = serde_json::from_str::<Shape>(r#"{"name": "s", "kind": "square"}"#).unwrap();
    assert!(
        matches!(&shape, Shape::PlainShape(s) if s.name.as_deref() == Some("s") && s.kind.as_deref() == Some("square")),
        "{shape:?}"
    );
    assert!(serde_json::from_str::<Shape>(r#"{"kind": "x", "name": 3}"#).is_err());
}

/// OpenAPI 3.2's `defaultMapping`: a value whose discriminator is absent or names no member
/// decodes as the default member; a mapped tag still chooses its own.
#[test]
fn a_default_mapping_decodes_what_no_tag_names() {
    use operations_client::models::Shape;
    let decode = |json: &str| serde_json::from_str::<Shape>(json).unwrap();
    let Shape::PlainShape(square) = decode(r#"{"kind": "square", "name": "s"}"#) else {
        panic!("an unmapped tag decodes as the default member");
    };
    assert_eq!(square.kind.as_deref(), Some("square"));
    assert_eq!(square.name.as_deref(), Some("s"));
    assert!(matches!(decode(r#"{"name": "t"}"#), Shape::PlainShape(_)));
    let Shape::Circle(circle) = decode(r#"{"kind": "circle", "radius": 1.5}"#) else {
        panic!("a mapped tag chooses its member");
    };
    assert_eq!(circle.radius, 1.5);
    // The default member's own fields must still decode.
    assert!(serde_json::from_str::<Shape>(r#"{"kind": "x", "name": 3}"#).is_err());
}

#[test]
fn tuples_are_arrays_of_their_items_in_order() {
    let point: Point = serde_json::from_str("[1.5, -2]").unwrap();
    assert_eq!(point, Point(1.5, -2.0));
    assert_eq!(serde_json::to_string(&point).unwrap(), "[1.5,-2.0]");
    // `items: false`: a third item is an error, as a missing second one is.
    let error = |json: &str| serde_json::from_str::<Point>(json).unwrap_err().to_string();
    assert!(
        error("[1, 2, 3]").contains("invalid length 3"),
        "{}",
        error("[1, 2, 3]")
    );
    assert!(
        error("[1]").contains("invalid length 1"),
        "{}",
        error("[1]")
    );
    assert!(error(r#"{"x": 1}"#).contains("an array of 2 items"));

    // Without `items`, further items are allowed: read and not kept; a nullable item is an
    // `Option`.
    let sample: Sample = serde_json::from_str(r#"[7, null, "more", {"x": 1}]"#).unwrap();
    assert_eq!(sample, Sample(7, None));
    assert_eq!(
        serde_json::to_string(&Sample(7, Some(0.5))).unwrap(),
        "[7,0.5]"
    );
}

#[test]
fn a_union_whose_kinds_each_have_a_member_decodes_by_kind() {
    let decode = |json: &str| serde_json::from_str::<Quantity>(json);
    assert_eq!(decode("7").unwrap(), Quantity::Integer(7));
    assert_eq!(decode("-7").unwrap(), Quantity::Integer(-7));
    // Out of `i32`'s range, or a fraction: the number's member, as trying in order gives.
    assert_eq!(
        decode("4294967296").unwrap(),
        Quantity::Number(4294967296.0)
    );
    assert_eq!(decode("2.5").unwrap(), Quantity::Number(2.5));
    assert_eq!(
        decode(r#""a\"b""#).unwrap(),
        Quantity::String("a\"b".into())
    );
    assert_eq!(decode("true").unwrap(), Quantity::Boolean(true));
    assert_eq!(
        decode(r#"["a", "b"]"#).unwrap(),
        Quantity::Array(vec!["a".into(), "b".into()])
    );
    assert_eq!(
        decode(r#"{"id": 7, "name": "a", "extra": [1]}"#).unwrap(),
        Quantity::Thing(Thing::new(7, "a"))
    );
    // From a reader (nothing borrowed) and from a `Value` (another deserializer) alike.
    let read: Quantity = serde_json::from_reader(&br#""r""#[..]).unwrap();
    assert_eq!(read, Quantity::String("r".into()));
    let from_value: Quantity = serde_json::from_value(serde_json::json!([])).unwrap();
    assert_eq!(from_value, Quantity::Array(Vec::new()));
    // The member's own error, not "did not match any variant": it says what is wrong.
    let error = decode(r#"{"id": 7}"#).unwrap_err().to_string();
    assert!(error.starts_with("missing field `name`"), "{error}");
    let error = decode("null").unwrap_err().to_string();
    assert!(
        error.starts_with("invalid type: null, expected a value of the untagged enum Quantity"),
        "{error}"
    );
    let error = decode(r#"[1]"#).unwrap_err().to_string();
    assert!(
        error.starts_with("invalid type: integer `1`, expected a string"),
        "{error}"
    );
}

#[test]
fn a_union_of_two_objects_is_tried_in_order() {
    // `Thing` refuses an object without its `name`; `Part` takes it.
    let part: Either = serde_json::from_str(r#"{"thing_id": 1, "part": "p"}"#).unwrap();
    assert!(matches!(part, Either::Part(Part { .. })), "{part:?}");
    let thing: Either = serde_json::from_str(r#"{"id": 1, "name": "a"}"#).unwrap();
    assert_eq!(thing, Either::Thing(Thing::new(1, "a")));
    let text: Either = serde_json::from_str(r#""t""#).unwrap();
    assert_eq!(text, Either::String("t".into()));
}

/// A serializer that checks what a struct's `Serialize` announces: the number of entries of the
/// map it opens must be the number it writes (a format that writes the length first trusts it;
/// `serde_json` writes `{}` at once for a length of 0).
mod announced {
    use serde::ser::{Error as _, Impossible, SerializeMap, Serializer};

    #[derive(Debug)]
    pub struct Mismatch(pub String);
    impl std::fmt::Display for Mismatch {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str(&self.0)
        }
    }
    impl std::error::Error for Mismatch {}
    impl serde::ser::Error for Mismatch {
        fn custom<T: std::fmt::Display>(msg: T) -> Self {
            Mismatch(msg.to_string())
        }
    }

    /// The entries a map announced and wrote.
    pub struct Counted {
        announced: Option<usize>,
        written: usize,
    }

    impl SerializeMap for Counted {
        type Ok = (usize, usize);
        type Error = Mismatch;
        fn serialize_key<T: serde::Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Mismatch> {
            self.written += 1;
            Ok(())
        }
        fn serialize_value<T: serde::Serialize + ?Sized>(&mut self, _: &T) -> Result<(), Mismatch> {
            Ok(())
        }
        fn end(self) -> Result<(usize, usize), Mismatch> {
            let announced = self
                .announced
                .ok_or_else(|| Mismatch::custom("no length"))?;
            Ok((announced, self.written))
        }
    }

    /// Serializes only maps, into (announced, written).
    pub struct Lengths;

    macro_rules! refuse {
        ($($method:ident($($arg:ty),*)),* $(,)?) => {
            $(fn $method(self, $(_: $arg),*) -> Result<(usize, usize), Mismatch> {
                Err(Mismatch::custom("not a map"))
            })*
        };
    }

    impl Serializer for Lengths {
        type Ok = (usize, usize);
        type Error = Mismatch;
        type SerializeSeq = Impossible<(usize, usize), Mismatch>;
        type SerializeTuple = Impossible<(usize, usize), Mismatch>;
        type SerializeTupleStruct = Impossible<(usize, usize), Mismatch>;
        type SerializeTupleVariant = Impossible<(usize, usize), Mismatch>;
        type SerializeMap = Counted;
        type SerializeStruct = Impossible<(usize, usize), Mismatch>;
        type SerializeStructVariant = Impossible<(usize, usize), Mismatch>;

        fn serialize_map(self, len: Option<usize>) -> Result<Counted, Mismatch> {
            Ok(Counted {
                announced: len,
                written: 0,
            })
        }
        refuse!(
            serialize_bool(bool),
            serialize_i8(i8),
            serialize_i16(i16),
            serialize_i32(i32),
            serialize_i64(i64),
            serialize_u8(u8),
            serialize_u16(u16),
            serialize_u32(u32),
            serialize_u64(u64),
            serialize_f32(f32),
            serialize_f64(f64),
            serialize_char(char),
            serialize_str(&str),
            serialize_bytes(&[u8]),
            serialize_none(),
            serialize_unit(),
            serialize_unit_struct(&'static str),
            serialize_unit_variant(&'static str, u32, &'static str),
        );
        fn serialize_some<T: serde::Serialize + ?Sized>(
            self,
            _: &T,
        ) -> Result<(usize, usize), Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_newtype_struct<T: serde::Serialize + ?Sized>(
            self,
            _: &'static str,
            _: &T,
        ) -> Result<(usize, usize), Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_newtype_variant<T: serde::Serialize + ?Sized>(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: &T,
        ) -> Result<(usize, usize), Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStruct, Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, Mismatch> {
            Err(Mismatch::custom("not a map"))
        }
    }
}

/// A struct's encoder announces how many entries its map has, as the derive does: required
/// fields, the optional ones present, and the undeclared ones.
#[test]
fn structs_announce_how_many_entries_they_write() {
    use operations_client::models::Labels;
    let lengths = |json: serde_json::Value| {
        let labels: Labels = serde_json::from_value(json).unwrap();
        serde::Serialize::serialize(&labels, announced::Lengths).unwrap()
    };
    assert_eq!(lengths(serde_json::json!({"kind": "k"})), (1, 1));
    assert_eq!(
        lengths(serde_json::json!({"kind": "k", "note": "n"})),
        (2, 2)
    );
    assert_eq!(
        lengths(serde_json::json!({"kind": "k", "a": "1", "b": "2"})),
        (3, 3)
    );
    assert_eq!(
        lengths(serde_json::json!({"kind": "k", "note": "n", "a": "1"})),
        (3, 3)
    );
    // Every field optional and absent: nothing announced, nothing written.
    let empty: operations_client::models::Problem = serde_json::from_str("{}").unwrap();
    assert_eq!(
        serde::Serialize::serialize(&empty, announced::Lengths).unwrap(),
        (0, 0)
    );
    assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
}
