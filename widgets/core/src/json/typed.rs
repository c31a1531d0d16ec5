//! Reading and writing JSON field by field with `js_sys::Reflect`, for every type a widget reads or writes (`api.rs`
//! and `forms.rs` beside this file). The generic serde deserializer in `json.rs` compiles serde's derived visitors for
//! every type it reads, each inlined into a copy of itself: 20 KB of the poll's module before wasm-opt. A reader
//! written by hand is a field look-up and a type check per field. A test (`widgets/core/tests/json.rs`) reads what
//! serde_json writes for every such type and has serde_json read what a writer writes, so neither can drift from the
//! server's serde.

use inspraak_api::SortedMap;
use js_sys::{Array, JSON, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::JsonError;

/// A type read from a parsed JSON value, as serde's derive would read it from the server's JSON.
pub trait FromJson: Sized {
    /// Reads `value`; an error says where it did not fit and what stood there.
    fn from_json(value: &JsValue) -> Result<Self, JsonError>;

    /// What an absent field holds: nothing for most types (the field is missing), None for an `Option`, as serde.
    fn absent() -> Option<Self> {
        None
    }
}

/// A type written as a JSON value, as serde's derive would write it for the server.
pub trait ToJson {
    fn to_json(&self) -> JsValue;
}

/// Reads `text` as a `T`.
pub fn read<T: FromJson>(text: &str) -> Result<T, JsonError> {
    T::from_json(&super::parse_value(text)?)
}

/// `value` as JSON text.
pub fn write<T: ToJson + ?Sized>(value: &T) -> Result<String, JsonError> {
    JSON::stringify(&value.to_json()).ok().and_then(|text| text.as_string()).ok_or_else(JsonError::default)
}

/// The error for a value of the wrong type, shape or range: says what stood there, unless it was an object or array.
pub fn mismatch(value: &JsValue) -> JsonError {
    let found = if value.is_object() { None } else { JSON::stringify(value).ok().and_then(|text| text.as_string()) };
    JsonError { found, ..JsonError::default() }
}

/// `value` when it is a JSON object (not an array, not null).
pub fn object(value: &JsValue) -> Result<&JsValue, JsonError> {
    if value.is_object() && !Array::is_array(value) { Ok(value) } else { Err(mismatch(value)) }
}

/// The field `key` of an object, None when it is absent. Not generic, like everything that need not be.
pub(super) fn lookup(object: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(object, &JsValue::from_str(key)).ok().filter(|value| !value.is_undefined())
}

fn missing(key: &str) -> JsonError {
    JsonError { path: key.to_owned(), missing: true, ..JsonError::default() }
}

/// The field `key` of an object (see [`object`]); absent, it is an error unless `T` is an `Option`.
pub fn field<T: FromJson>(object: &JsValue, key: &str) -> Result<T, JsonError> {
    match lookup(object, key) {
        Some(value) => T::from_json(&value).map_err(|error| error.under(key)),
        None => T::absent().ok_or_else(|| missing(key)),
    }
}

/// The field `key` of an object, None when absent: for fields with a serde default.
pub fn field_or_absent<T: FromJson>(object: &JsValue, key: &str) -> Result<Option<T>, JsonError> {
    match lookup(object, key) {
        Some(value) => T::from_json(&value).map(Some).map_err(|error| error.under(key)),
        None => Ok(None),
    }
}

/// The field `key` of an object, its type's default when absent: for fields with `#[serde(default)]`.
pub fn field_or_default<T: FromJson + Default>(object: &JsValue, key: &str) -> Result<T, JsonError> {
    field_or_absent(object, key).map(Option::unwrap_or_default)
}

/// A value to write unless `skip` says it is left out (serde's `skip_serializing_if`).
pub fn unless<T: ToJson + ?Sized>(skip: bool, value: &T) -> Option<JsValue> {
    if skip { None } else { Some(value.to_json()) }
}

/// An object with these fields, in this order; a field without a value is left out (serde's
/// `skip_serializing_if = "Option::is_none"`).
pub fn write_object(fields: &[(&str, Option<JsValue>)]) -> JsValue {
    let object = Object::new();
    for (key, value) in fields {
        if let Some(value) = value {
            let _ = Reflect::set(&object, &JsValue::from_str(key), value);
        }
    }
    object.into()
}

impl FromJson for String {
    fn from_json(value: &JsValue) -> Result<String, JsonError> {
        value.as_string().ok_or_else(|| mismatch(value))
    }
}

impl FromJson for bool {
    fn from_json(value: &JsValue) -> Result<bool, JsonError> {
        value.as_bool().ok_or_else(|| mismatch(value))
    }
}

/// A whole number from 0 to `max` (at most the largest integer a JSON number holds exactly in a browser).
fn unsigned(value: &JsValue, max: f64) -> Result<u64, JsonError> {
    let number = value.as_f64().filter(|n| n.fract() == 0.0 && (0.0..=max).contains(n));
    number.map(|n| n as u64).ok_or_else(|| mismatch(value))
}

macro_rules! unsigned {
    ($($type:ty => $max:expr),+) => {
        $(impl FromJson for $type {
            fn from_json(value: &JsValue) -> Result<$type, JsonError> {
                // In range, so the conversion never truncates.
                unsigned(value, $max).map(|n| n as $type)
            }
        })+
    };
}

unsigned!(u8 => 255.0, u16 => 65_535.0, u32 => 4_294_967_295.0, u64 => super::MAX_SAFE_INTEGER, usize => 4_294_967_295.0);

impl FromJson for f64 {
    fn from_json(value: &JsValue) -> Result<f64, JsonError> {
        value.as_f64().ok_or_else(|| mismatch(value))
    }
}

impl<T: FromJson> FromJson for Option<T> {
    fn from_json(value: &JsValue) -> Result<Option<T>, JsonError> {
        if value.is_null() { Ok(None) } else { T::from_json(value).map(Some) }
    }

    fn absent() -> Option<Option<T>> {
        Some(None)
    }
}

/// Calls `item` with each element of an array and its index, stopping at the first error (which then says where).
/// Not generic: every `Vec<T>` shares this loop and only its push is its own.
fn each_item(value: &JsValue, item: &mut dyn FnMut(&JsValue) -> Result<(), JsonError>) -> Result<(), JsonError> {
    if !Array::is_array(value) {
        return Err(mismatch(value));
    }
    let array: &Array = value.unchecked_ref();
    for index in 0..array.length() {
        item(&array.get(index)).map_err(|error| error.under(&crate::num(index as u64)))?;
    }
    Ok(())
}

impl<T: FromJson> FromJson for Vec<T> {
    fn from_json(value: &JsValue) -> Result<Vec<T>, JsonError> {
        let mut items = Vec::new();
        each_item(value, &mut |item| T::from_json(item).map(|item| items.push(item)))?;
        Ok(items)
    }
}

impl ToJson for str {
    fn to_json(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJson for String {
    fn to_json(&self) -> JsValue {
        JsValue::from_str(self)
    }
}

impl ToJson for bool {
    fn to_json(&self) -> JsValue {
        JsValue::from_bool(*self)
    }
}

impl ToJson for f64 {
    fn to_json(&self) -> JsValue {
        JsValue::from_f64(*self)
    }
}

macro_rules! numbers {
    ($($type:ty),+) => {
        $(impl ToJson for $type {
            fn to_json(&self) -> JsValue {
                // Exact: every value of these types below 2^53 is (a u64 above it is no count or size we send).
                JsValue::from_f64(*self as f64)
            }
        })+
    };
}

numbers!(u8, u16, u32, u64, usize);

/// An `Option` writes null when it is None, as serde does for a field without `skip_serializing_if`.
impl<T: ToJson> ToJson for Option<T> {
    fn to_json(&self) -> JsValue {
        self.as_ref().map_or(JsValue::NULL, ToJson::to_json)
    }
}

impl<T: ToJson> ToJson for [T] {
    fn to_json(&self) -> JsValue {
        self.iter().map(ToJson::to_json).collect::<Array>().into()
    }
}

impl<T: ToJson> ToJson for Vec<T> {
    fn to_json(&self) -> JsValue {
        self.as_slice().to_json()
    }
}

/// An enum without data, by the names of `names!` in the API crate (serde's names; a test there keeps them equal):
/// `from_name` is the enum's own. An unknown name is an error that quotes it.
pub fn named<T>(value: &JsValue, from_name: fn(&str) -> Option<T>) -> Result<T, JsonError> {
    let name = String::from_json(value)?;
    from_name(&name).ok_or_else(|| JsonError { found: Some(crate::cat(&["\"", &name, "\""])), ..JsonError::default() })
}

/// What a map is keyed by in JSON: its text, which serde writes as the object's property name.
pub trait JsonKey: Ord + Sized {
    fn from_key(key: &str) -> Option<Self>;
    fn key(&self) -> &str;
}

impl JsonKey for String {
    fn from_key(key: &str) -> Option<String> {
        Some(key.to_owned())
    }

    fn key(&self) -> &str {
        self
    }
}

/// Calls `entry` with each property of an object, its name and value, stopping at the first error (which then says
/// where). Not generic, like [`each_item`].
fn each_entry(
    value: &JsValue,
    entry: &mut dyn FnMut(&str, &JsValue) -> Result<(), JsonError>,
) -> Result<(), JsonError> {
    let object = self::object(value)?;
    for name in Object::keys(object.unchecked_ref::<Object>()).iter() {
        let name = String::from_json(&name)?;
        let item = lookup(object, &name).unwrap_or(JsValue::UNDEFINED);
        entry(&name, &item).map_err(|error| error.under(&name))?;
    }
    Ok(())
}

/// Inserted one by one, which costs one binary search each for an object in key order, as the server writes it and
/// the drafts keep it (not the sort that reads a request on the server: that would be one more copy of the standard
/// library's sort per map type in the module).
impl<K: JsonKey + Ord, V: FromJson> FromJson for SortedMap<K, V> {
    fn from_json(value: &JsValue) -> Result<SortedMap<K, V>, JsonError> {
        let mut map = SortedMap::new();
        each_entry(value, &mut |name, item| {
            let key = K::from_key(name).ok_or_else(JsonError::default)?;
            map.insert(key, V::from_json(item)?);
            Ok(())
        })?;
        Ok(map)
    }
}

impl<K: JsonKey, V: ToJson> ToJson for SortedMap<K, V> {
    fn to_json(&self) -> JsValue {
        let object = Object::new();
        for (key, value) in self {
            let _ = Reflect::set(&object, &JsValue::from_str(key.key()), &value.to_json());
        }
        object.into()
    }
}
