//! What the OpenAPI document says about each value beyond its type: lengths, ranges, item counts, patterns,
//! formats and which fields a request needs, taken from the constants and checks of this crate, so that the
//! document and the validation cannot say different things. utoipa's attributes take number literals only; these
//! rules are applied to the generated schemas instead, by the module that owns each type (`poll::schemas`, …).
//! What JSON Schema cannot say (one field compared with another, or with what the server stores) each rule adds to
//! the field's description.

use serde_json::{Map, Value, json};

use crate::rules::{
    HTTPS_URL_PATTERN, ID_MAX_LEN, ID_PATTERN, NOT_BLANK_PATTERN, URL_MAX_LEN, WEB_URL_PATTERN, WEBHOOK_URL_PATTERN,
};

/// Applies the constraints of every type of this crate to `schemas` (`components.schemas` of the document).
pub fn constrain(schemas: &mut Map<String, Value>) {
    let mut schemas = Schemas(schemas);
    crate::poll::schemas(&mut schemas);
    crate::progress::schemas(&mut schemas);
    crate::quickscan::schemas(&mut schemas);
    crate::challenge::schemas(&mut schemas);
    crate::problem::schemas(&mut schemas);
    crate::admin::schemas(&mut schemas);
}

/// The schemas of the document, by name.
pub struct Schemas<'a>(pub &'a mut Map<String, Value>);

impl Schemas<'_> {
    /// The object schema `name`; a name the document lacks is a mistake in these rules, so it panics (and the
    /// server's tests, which build the document, fail).
    pub fn object(&mut self, name: &str) -> Object<'_> {
        let schema = self.0.get_mut(name).unwrap_or_else(|| panic!("the OpenAPI document has no schema {name}"));
        // A struct with a flattened part is an allOf of the part and an object of its own fields.
        let schema = match schema.get("allOf").is_some() {
            true => schema["allOf"]
                .as_array_mut()
                .and_then(|parts| parts.iter_mut().find(|part| part.get("properties").is_some()))
                .unwrap_or_else(|| panic!("{name} has no object of its own in allOf")),
            false => schema,
        };
        Object { name: name.to_owned(), schema }
    }

    /// A schema as a whole (an enum, say).
    pub fn get(&mut self, name: &str) -> &mut Value {
        self.0.get_mut(name).unwrap_or_else(|| panic!("the OpenAPI document has no schema {name}"))
    }

    /// Adds `schema` under `name`.
    pub fn add(&mut self, name: &str, schema: Value) {
        self.0.insert(name.to_owned(), schema);
    }
}

/// One object schema, to add rules to its fields.
pub struct Object<'a> {
    name: String,
    schema: &'a mut Value,
}

impl Object<'_> {
    fn property(&mut self, field: &str) -> &mut Value {
        let name = &self.name;
        self.schema["properties"]
            .get_mut(field)
            .unwrap_or_else(|| panic!("the OpenAPI schema {name} has no field {field}"))
    }

    /// Adds the keywords of `rules` to `field`: to the value itself when the field may also be null, to the
    /// referenced schema (in an allOf, so the rules hold here only) when it is a reference.
    pub fn field(&mut self, field: &str, rules: Value) -> &mut Self {
        refine(self.property(field), rules);
        self
    }

    /// Adds `rules` to the items of the array `field`.
    pub fn items(&mut self, field: &str, rules: Value) -> &mut Self {
        let property = value_schema(self.property(field));
        refine(property.get_mut("items").unwrap_or_else(|| panic!("{field} is not an array")), rules);
        self
    }

    /// Adds `rules` to the keys of the map `field` (`propertyNames`).
    pub fn keys(&mut self, field: &str, rules: Value) -> &mut Self {
        let property = value_schema(self.property(field));
        refine(property.get_mut("propertyNames").unwrap_or_else(|| panic!("{field} is not a map")), rules);
        self
    }

    /// Adds `rules` to the values of the map `field` (`additionalProperties`).
    pub fn values(&mut self, field: &str, rules: Value) -> &mut Self {
        let property = value_schema(self.property(field));
        refine(property.get_mut("additionalProperties").unwrap_or_else(|| panic!("{field} is not a map")), rules);
        self
    }

    /// Adds `sentence` to the description of `field`: a rule JSON Schema cannot say.
    pub fn says(&mut self, field: &str, sentence: &str) -> &mut Self {
        describe(self.property(field), sentence);
        self
    }

    /// Replaces the description of `field` (one that named Rust items or numbers the rules now state).
    pub fn describes(&mut self, field: &str, description: &str) -> &mut Self {
        let property = self.property(field);
        property["description"] = Value::from(description);
        self
    }

    /// Takes null out of what `field` may be: an Option that the check refuses to leave empty.
    pub fn not_null(&mut self, field: &str) -> &mut Self {
        let property = self.property(field);
        if let Some(members) = property.get("oneOf").and_then(Value::as_array).cloned() {
            let mut kept: Vec<Value> = members.into_iter().filter(|m| m.get("type") != Some(&json!("null"))).collect();
            let object = property.as_object_mut().expect("a property is an object");
            object.remove("oneOf");
            if let [only] = kept.as_mut_slice()
                && let Some(only) = only.as_object_mut()
            {
                for (key, value) in std::mem::take(only) {
                    object.entry(key).or_insert(value);
                }
            }
        } else if let Some(types) = property.get("type").and_then(Value::as_array).cloned() {
            let types: Vec<Value> = types.into_iter().filter(|t| t != "null").collect();
            property["type"] = if types.len() == 1 { types[0].clone() } else { Value::Array(types) };
        }
        if property.get("default") == Some(&Value::Null) {
            property.as_object_mut().expect("a property is an object").remove("default");
        }
        self
    }

    /// Leaves out the default of `field`: a value serde fills in, but that a request is refused with.
    pub fn no_default(&mut self, field: &str) -> &mut Self {
        if let Some(property) = self.property(field).as_object_mut() {
            property.remove("default");
        }
        self
    }

    /// Lists `fields` as required: the check refuses a request without them, even where serde would fill in a
    /// default (which goes: it is a value the check refuses).
    pub fn required(&mut self, fields: &[&str]) -> &mut Self {
        for field in fields {
            self.no_default(field);
            let required = self.schema["required"].as_array_mut();
            match required {
                Some(required) if !required.iter().any(|name| name == field) => required.push(Value::from(*field)),
                Some(_) => {}
                None => self.schema["required"] = json!([field]),
            }
        }
        self
    }

    /// Adds keywords to the object as a whole (a rule between fields that JSON Schema can say with if/then).
    pub fn whole(&mut self, rules: Value) -> &mut Self {
        merge(self.schema, rules);
        self
    }

    /// Adds `sentence` to the description of the object.
    pub fn note(&mut self, sentence: &str) -> &mut Self {
        describe(self.schema, sentence);
        self
    }
}

/// The schema of the value of a property, past a `oneOf` with null (an Option of a struct).
fn value_schema(property: &mut Value) -> &mut Value {
    if property.get("oneOf").is_some() {
        let members = property["oneOf"].as_array_mut().expect("oneOf is an array");
        let index = members.iter().position(|m| m.get("type") != Some(&json!("null"))).expect("a non-null member");
        return &mut members[index];
    }
    property
}

fn refine(property: &mut Value, rules: Value) {
    let target = value_schema(property);
    if let Some(reference) = target.get("$ref").cloned() {
        // A referenced schema is shared; the rules of this use go beside it in an allOf.
        let description = target.as_object_mut().and_then(|t| t.remove("description"));
        *target = json!({ "allOf": [{ "$ref": reference }, rules] });
        if let Some(description) = description {
            target["description"] = description;
        }
    } else {
        merge(target, rules);
    }
}

fn merge(target: &mut Value, rules: Value) {
    let Value::Object(rules) = rules else { panic!("rules are a JSON object") };
    for (key, value) in rules {
        target[key] = value;
    }
}

fn describe(schema: &mut Value, sentence: &str) {
    let target = if schema.get("description").is_none() && schema.get("oneOf").is_some() {
        // utoipa puts the description of an Option inside the oneOf; keep one description, on the field.
        let inner = value_schema(schema).as_object_mut().and_then(|inner| inner.remove("description"));
        if let Some(inner) = inner {
            schema["description"] = inner;
        }
        schema
    } else {
        schema
    };
    let description = match target.get("description").and_then(Value::as_str) {
        Some(existing) if !existing.is_empty() => format!("{existing} {sentence}"),
        _ => sentence.to_owned(),
    };
    target["description"] = Value::from(description);
}

/// An id: 1 to [`ID_MAX_LEN`] of a-z, 0-9 and '-', not starting with '-'.
pub fn id() -> Value {
    json!({ "pattern": ID_PATTERN, "minLength": 1, "maxLength": ID_MAX_LEN })
}

/// A text of at most `max` characters that may be left empty.
pub fn text(max: usize) -> Value {
    json!({ "maxLength": max })
}

/// A text of at most `max` characters with at least one that is not whitespace.
pub fn filled(max: usize) -> Value {
    json!({ "minLength": 1, "maxLength": max, "pattern": NOT_BLANK_PATTERN })
}

/// A whole number from `min` to `max`.
pub fn range(min: u64, max: u64) -> Value {
    json!({ "minimum": min, "maximum": max })
}

/// Any whole number a `u32` holds (utoipa says int32, which stops at half of it).
pub fn any_u32() -> Value {
    json!({ "format": "int64", "minimum": 0, "maximum": u32::MAX })
}

/// A calendar date, YYYY-MM-DD.
pub fn date() -> Value {
    json!({ "format": "date" })
}

/// An RFC 3339 date-time with its offset.
pub fn date_time() -> Value {
    json!({ "format": "date-time" })
}

/// An absolute http or https link.
pub fn web_url() -> Value {
    json!({ "format": "uri", "maxLength": URL_MAX_LEN, "pattern": WEB_URL_PATTERN })
}

/// An absolute https link.
pub fn https_url() -> Value {
    json!({ "format": "uri", "maxLength": URL_MAX_LEN, "pattern": HTTPS_URL_PATTERN })
}

/// Where webhooks may go: https, or http to this machine.
pub fn webhook_url() -> Value {
    json!({ "format": "uri", "maxLength": URL_MAX_LEN, "pattern": WEBHOOK_URL_PATTERN })
}

/// An e-mail address of at most `max` characters.
pub fn email(max: usize) -> Value {
    json!({ "format": "email", "maxLength": max })
}

/// A value that must be `value` (a consent that must be given, a honeypot that must stay empty).
pub fn exactly(value: Value) -> Value {
    json!({ "const": value })
}
