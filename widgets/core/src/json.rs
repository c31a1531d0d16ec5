//! JSON through the browser's own `JSON.parse` and `JSON.stringify`: a small serde deserializer walks the parsed
//! `JsValue`, a small serializer builds one. serde_json and serde-wasm-bindgen both turn every error into a formatted
//! message, which compiles float and `Debug` formatting into the module (18 KB of the poll alone, measured with
//! twiggy); here an error only says where the data did not fit (`subgoals.2.status`), which is all a widget needs.
//! The widgets read and write every type by hand instead ([`FromJson`] and [`ToJson`]: `json/api.rs` for the poll and
//! the badge, `json/forms.rs` for the quick scan and the challenge intake, the form drafts in `form/draft.rs`):
//! serde's derived visitors were the largest part of a widget's own code (10.4 KB brotli of the quick scan's page,
//! 6.1 KB of the challenge intake's). The serde path here is what the back office (`admin/`) reads and writes with,
//! where bytes count less than one way of doing it for its many types.

/// `FromJson` and `ToJson` for enums without data, by the names of `names!` in the API crate (serde's names; a test
/// there keeps them equal).
macro_rules! named_enums {
    ($($type:ident),+ $(,)?) => {
        $(impl FromJson for $type {
            fn from_json(value: &JsValue) -> Result<$type, JsonError> {
                named(value, $type::from_name)
            }
        }

        impl ToJson for $type {
            fn to_json(&self) -> JsValue {
                JsValue::from_str(self.as_str())
            }
        })+
    };
}

mod api;
mod forms;
mod typed;

pub use typed::{
    FromJson, JsonKey, ToJson, field, field_or_absent, field_or_default, mismatch, named, object, read, unless, write,
    write_object,
};

use std::fmt;

use js_sys::{Array, JSON, Object, Reflect};
use serde::{
    Serialize,
    de::{self, DeserializeOwned, IntoDeserializer, Visitor},
    ser,
};
use wasm_bindgen::{JsCast, JsValue};

/// Why a value could not be read or written. Deserializing, `path` is where it failed (`subgoals.2.status`),
/// `found` the JSON that stood there (unless it was an object or array) and `missing` that nothing did; `syntax`
/// holds the browser's message when the text was not JSON at all.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonError {
    pub path: String,
    pub found: Option<String>,
    pub missing: bool,
    pub syntax: Option<String>,
}

impl JsonError {
    /// The same error one level further out: `key` is the field or index it happened under.
    fn under(mut self, key: &str) -> JsonError {
        if self.syntax.is_none() {
            self.path = if self.path.is_empty() { key.to_owned() } else { crate::cat(&[key, ".", &self.path]) };
        }
        self
    }

    /// The same error, saying what stood where it happened, unless an inner value already did.
    fn found(mut self, value: &JsValue) -> JsonError {
        if self.found.is_none() && self.syntax.is_none() && !self.missing && self.path.is_empty() && !value.is_object()
        {
            self.found = JSON::stringify(value).ok().and_then(|text| text.as_string());
        }
        self
    }

    /// What went wrong, for a webmaster: "subgoals.2 is missing", "unexpected value \"x\" at subgoals.2.status".
    pub fn message(&self) -> String {
        if let Some(message) = &self.syntax {
            return message.clone();
        }
        if self.missing {
            return crate::cat(&[&self.path, " is missing"]);
        }
        let found = self.found.as_deref().map_or(String::new(), |found| crate::cat(&[" ", found]));
        let at = if self.path.is_empty() { String::new() } else { crate::cat(&[" at ", &self.path]) };
        crate::cat(&["unexpected value", &found, &at])
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for JsonError {}

// serde's messages are dropped on purpose: formatting them is what this module exists to avoid. What a webmaster
// needs to fix their data (the place, the value found, a missing field) is kept without formatting.
impl de::Error for JsonError {
    fn custom<T: fmt::Display>(_message: T) -> JsonError {
        JsonError::default()
    }

    fn invalid_type(_found: de::Unexpected, _expected: &dyn de::Expected) -> JsonError {
        JsonError::default()
    }

    fn invalid_value(_found: de::Unexpected, _expected: &dyn de::Expected) -> JsonError {
        JsonError::default()
    }

    fn invalid_length(_length: usize, _expected: &dyn de::Expected) -> JsonError {
        JsonError::default()
    }

    fn unknown_variant(variant: &str, _expected: &'static [&'static str]) -> JsonError {
        JsonError { found: Some(crate::cat(&["\"", variant, "\""])), ..JsonError::default() }
    }

    fn unknown_field(_field: &str, _expected: &'static [&'static str]) -> JsonError {
        JsonError::default()
    }

    fn missing_field(field: &'static str) -> JsonError {
        JsonError { path: field.to_owned(), missing: true, ..JsonError::default() }
    }

    fn duplicate_field(_field: &'static str) -> JsonError {
        JsonError::default()
    }
}

impl ser::Error for JsonError {
    fn custom<T: fmt::Display>(_message: T) -> JsonError {
        JsonError::default()
    }
}

/// Reads `text` as a `T`.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, JsonError> {
    from_value(parse_value(text)?)
}

/// `text` parsed by the browser; an error holds the browser's message.
fn parse_value(text: &str) -> Result<JsValue, JsonError> {
    JSON::parse(text).map_err(|error| JsonError {
        syntax: Some(error.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_default()),
        ..JsonError::default()
    })
}

/// Reads an already parsed value (say `Response.json()`) as a `T`.
pub fn from_value<T: DeserializeOwned>(value: JsValue) -> Result<T, JsonError> {
    T::deserialize(Value(value))
}

/// `value` as JSON text.
pub fn stringify<T: Serialize + ?Sized>(value: &T) -> Result<String, JsonError> {
    let js = value.serialize(ValueSerializer)?;
    JSON::stringify(&js).ok().and_then(|text| text.as_string()).ok_or_default()
}

trait OkOrDefault<T> {
    fn ok_or_default(self) -> Result<T, JsonError>;
}

impl<T> OkOrDefault<T> for Option<T> {
    fn ok_or_default(self) -> Result<T, JsonError> {
        self.ok_or_else(JsonError::default)
    }
}

/// The largest integer a JSON number holds exactly in a browser.
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// A parsed JSON value, to be read by serde.
struct Value(JsValue);

impl Value {
    /// Reads this value with `read`, saying in an error what the value was.
    fn read<T>(self, read: impl FnOnce(JsValue) -> Result<T, JsonError>) -> Result<T, JsonError> {
        let value = self.0.clone();
        read(self.0).map_err(|error| error.found(&value))
    }
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = JsonError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.read(|value| {
            if value.is_null() || value.is_undefined() {
                visitor.visit_unit()
            } else if let Some(flag) = value.as_bool() {
                visitor.visit_bool(flag)
            } else if let Some(number) = value.as_f64() {
                // Whole numbers go to serde as integers, so that they fit integer fields.
                if number.fract() == 0.0 && number.abs() <= MAX_SAFE_INTEGER {
                    if number >= 0.0 { visitor.visit_u64(number as u64) } else { visitor.visit_i64(number as i64) }
                } else {
                    visitor.visit_f64(number)
                }
            } else if let Some(text) = value.as_string() {
                visitor.visit_string(text)
            } else if Array::is_array(&value) {
                visitor.visit_seq(Items { items: value.unchecked_into(), next: 0 })
            } else if value.is_object() {
                visitor.visit_map(Entries {
                    entries: Object::entries(value.unchecked_ref()),
                    next: 0,
                    key: String::new(),
                })
            } else {
                Err(JsonError::default())
            }
        })
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        if self.0.is_null() || self.0.is_undefined() { visitor.visit_none() } else { visitor.visit_some(self) }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.read(|value| {
            // A unit variant is a string; a variant with data is an object with its name as the one key.
            if let Some(name) = value.as_string() {
                return visitor.visit_enum(name.into_deserializer());
            }
            let entries = Object::entries(value.dyn_ref::<Object>().ok_or_default()?);
            if entries.length() != 1 {
                return Err(JsonError::default());
            }
            let entry: Array = entries.get(0).unchecked_into();
            let name = entry.get(0).as_string().ok_or_default()?;
            visitor.visit_enum(Variant { name, value: entry.get(1) })
        })
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        visitor.visit_newtype_struct(self)
    }

    // The derived code asks for what it expects; answering only that (and not every JSON type, as
    // `deserialize_any` does) keeps each of its many instantiations small.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.read(|value| {
            if !value.is_object() || Array::is_array(&value) {
                return Err(JsonError::default());
            }
            visitor.visit_map(Entries { entries: Object::entries(value.unchecked_ref()), next: 0, key: String::new() })
        })
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.read(|value| {
            if !Array::is_array(&value) {
                return Err(JsonError::default());
            }
            visitor.visit_seq(Items { items: value.unchecked_into(), next: 0 })
        })
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.read(|value| visitor.visit_string(value.as_string().ok_or_default()?))
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.read(|value| visitor.visit_bool(value.as_bool().ok_or_default()?))
    }

    fn deserialize_u64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.read(|value| {
            let number = value.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(n));
            visitor.visit_u64(number.ok_or_default()? as u64)
        })
    }

    fn deserialize_u32<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u16<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_u8<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.deserialize_u64(visitor)
    }

    fn deserialize_f64<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, JsonError> {
        self.read(|value| visitor.visit_f64(value.as_f64().ok_or_default()?))
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u128 f32 char bytes byte_buf unit unit_struct tuple tuple_struct ignored_any
    }
}

/// The items of an array, each read where it stands.
struct Items {
    items: Array,
    next: u32,
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = JsonError;

    fn next_element_seed<T: de::DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, JsonError> {
        if self.next >= self.items.length() {
            return Ok(None);
        }
        let index = self.next;
        self.next += 1;
        seed.deserialize(Value(self.items.get(index))).map(Some).map_err(|e| e.under(&crate::num(index as u64)))
    }
}

/// The `[key, value]` entries of an object; `key` is the one being read, for the error path.
struct Entries {
    entries: Array,
    next: u32,
    key: String,
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = JsonError;

    fn next_key_seed<K: de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, JsonError> {
        if self.next >= self.entries.length() {
            return Ok(None);
        }
        let entry: Array = self.entries.get(self.next).unchecked_into();
        self.key = entry.get(0).as_string().unwrap_or_default();
        let key: de::value::StringDeserializer<JsonError> = self.key.clone().into_deserializer();
        seed.deserialize(key).map(Some).map_err(|e| e.under(&self.key))
    }

    fn next_value_seed<V: de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, JsonError> {
        let entry: Array = self.entries.get(self.next).unchecked_into();
        self.next += 1;
        seed.deserialize(Value(entry.get(1))).map_err(|e| e.under(&self.key))
    }
}

/// A variant with data: `{"name": value}`.
struct Variant {
    name: String,
    value: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = JsonError;
    type Variant = Value;

    fn variant_seed<V: de::DeserializeSeed<'de>>(self, seed: V) -> Result<(V::Value, Value), JsonError> {
        let name: de::value::StringDeserializer<JsonError> = self.name.into_deserializer();
        Ok((seed.deserialize(name)?, Value(self.value)))
    }
}

impl<'de> de::VariantAccess<'de> for Value {
    type Error = JsonError;

    fn unit_variant(self) -> Result<(), JsonError> {
        Ok(())
    }

    fn newtype_variant_seed<T: de::DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, JsonError> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, JsonError> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, JsonError> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}

/// Builds the `JsValue` that `JSON.stringify` writes out. Numbers become JS numbers (the browser formats them), map
/// keys must be strings or unit variants, and what JSON cannot hold is an error.
struct ValueSerializer;

/// An array being built.
struct ArrayBuilder(Array);

/// An object being built; `key` waits for its value (maps) or `variant` wraps it when done (struct variants).
struct ObjectBuilder {
    object: Object,
    key: Option<JsValue>,
    variant: Option<&'static str>,
}

impl ObjectBuilder {
    fn new(variant: Option<&'static str>) -> ObjectBuilder {
        ObjectBuilder { object: Object::new(), key: None, variant }
    }

    fn set(&self, key: &JsValue, value: JsValue) -> Result<(), JsonError> {
        Reflect::set(&self.object, key, &value).map(drop).map_err(|_| JsonError::default())
    }

    fn done(self) -> Result<JsValue, JsonError> {
        match self.variant {
            Some(name) => tagged(name, self.object.into()),
            None => Ok(self.object.into()),
        }
    }
}

/// `{"name": value}`, how serde writes an enum variant with data.
fn tagged(name: &str, value: JsValue) -> Result<JsValue, JsonError> {
    let object = ObjectBuilder::new(None);
    object.set(&JsValue::from_str(name), value)?;
    Ok(object.object.into())
}

impl ser::Serializer for ValueSerializer {
    type Ok = JsValue;
    type Error = JsonError;
    type SerializeSeq = ArrayBuilder;
    type SerializeTuple = ArrayBuilder;
    type SerializeTupleStruct = ArrayBuilder;
    type SerializeTupleVariant = ser::Impossible<JsValue, JsonError>;
    type SerializeMap = ObjectBuilder;
    type SerializeStruct = ObjectBuilder;
    type SerializeStructVariant = ObjectBuilder;

    fn serialize_bool(self, v: bool) -> Result<JsValue, JsonError> {
        Ok(JsValue::from_bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<JsValue, JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i16(self, v: i16) -> Result<JsValue, JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i32(self, v: i32) -> Result<JsValue, JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_i64(self, v: i64) -> Result<JsValue, JsonError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_u8(self, v: u8) -> Result<JsValue, JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u16(self, v: u16) -> Result<JsValue, JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u32(self, v: u32) -> Result<JsValue, JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_u64(self, v: u64) -> Result<JsValue, JsonError> {
        self.serialize_f64(v as f64)
    }
    fn serialize_f32(self, v: f32) -> Result<JsValue, JsonError> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<JsValue, JsonError> {
        Ok(JsValue::from_f64(v))
    }
    fn serialize_char(self, v: char) -> Result<JsValue, JsonError> {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<JsValue, JsonError> {
        Ok(JsValue::from_str(v))
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<JsValue, JsonError> {
        Err(JsonError::default())
    }
    fn serialize_none(self) -> Result<JsValue, JsonError> {
        Ok(JsValue::NULL)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<JsValue, JsonError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<JsValue, JsonError> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<JsValue, JsonError> {
        Ok(JsValue::NULL)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<JsValue, JsonError> {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<JsValue, JsonError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<JsValue, JsonError> {
        tagged(variant, value.serialize(self)?)
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<ArrayBuilder, JsonError> {
        Ok(ArrayBuilder(Array::new()))
    }
    fn serialize_tuple(self, len: usize) -> Result<ArrayBuilder, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _name: &'static str, len: usize) -> Result<ArrayBuilder, JsonError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, JsonError> {
        Err(JsonError::default())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<ObjectBuilder, JsonError> {
        Ok(ObjectBuilder::new(None))
    }
    fn serialize_struct(self, _name: &'static str, _len: usize) -> Result<ObjectBuilder, JsonError> {
        Ok(ObjectBuilder::new(None))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        _len: usize,
    ) -> Result<ObjectBuilder, JsonError> {
        Ok(ObjectBuilder::new(Some(variant)))
    }
}

impl ser::SerializeSeq for ArrayBuilder {
    type Ok = JsValue;
    type Error = JsonError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        self.0.push(&value.serialize(ValueSerializer)?);
        Ok(())
    }

    fn end(self) -> Result<JsValue, JsonError> {
        Ok(self.0.into())
    }
}

impl ser::SerializeTuple for ArrayBuilder {
    type Ok = JsValue;
    type Error = JsonError;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<JsValue, JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for ArrayBuilder {
    type Ok = JsValue;
    type Error = JsonError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        ser::SerializeSeq::serialize_element(self, value)
    }

    fn end(self) -> Result<JsValue, JsonError> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeMap for ObjectBuilder {
    type Ok = JsValue;
    type Error = JsonError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), JsonError> {
        let key = key.serialize(ValueSerializer)?;
        if !key.is_string() {
            return Err(JsonError::default());
        }
        self.key = Some(key);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), JsonError> {
        let key = self.key.take().ok_or_default()?;
        self.set(&key, value.serialize(ValueSerializer)?)
    }

    fn end(self) -> Result<JsValue, JsonError> {
        self.done()
    }
}

impl ser::SerializeStruct for ObjectBuilder {
    type Ok = JsValue;
    type Error = JsonError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), JsonError> {
        self.set(&JsValue::from_str(key), value.serialize(ValueSerializer)?)
    }

    fn end(self) -> Result<JsValue, JsonError> {
        self.done()
    }
}

impl ser::SerializeStructVariant for ObjectBuilder {
    type Ok = JsValue;
    type Error = JsonError;

    fn serialize_field<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) -> Result<(), JsonError> {
        ser::SerializeStruct::serialize_field(self, key, value)
    }

    fn end(self) -> Result<JsValue, JsonError> {
        self.done()
    }
}
