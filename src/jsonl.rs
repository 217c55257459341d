//! The lines `sitrep extract --jsonl` writes, and their schema. One input
//! line gives one document line ([`DocOut`]), or, with `--events`, one
//! [`EventLine`] per event; an input line that cannot be analysed gives an
//! [`ErrorLine`] in its place. The JSON Schema and the Spark DDL of a line
//! are generated from these Rust types (through `schemars`), so a field added
//! to the output is in the schema at once; `schema/` in the repository holds
//! the generated files, and a test checks they match what extract writes.
//!
//! Egui-free, no I/O.

use schemars::JsonSchema;
use serde::Serialize;
use serde_json::{Map, Value};

use crate::analysis::Analysis;
use crate::events::{EventType, Status};
use crate::export::{Filter, Source, Table};
use crate::gazetteer::Gazetteer;
use crate::output::DocOut;
use crate::time::Precision;

/// What each output line of `sitrep extract --jsonl` is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Layout {
    /// One extract document per input line (the default).
    Documents,
    /// One flat event row per event (`--events`).
    Events,
}

/// In place of the output of an input line that could not be analysed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ErrorLine {
    /// The input line's `id` (as a string; JSON text for any other value,
    /// `null` when there was none).
    pub id: String,
    /// The input line number, from 1.
    pub line: usize,
    /// What is wrong with the line.
    pub error: String,
}

/// One event as a flat row (`sitrep extract --jsonl --events`), the columns
/// of the export table. A document without events gives one row with its
/// `id` and `event: null`, so every input comes back.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct EventLine {
    /// The document's id (the input line's `id`).
    pub id: String,
    /// The event's number in its document (`events[].id` of the document
    /// line); null for the one row of a document without events.
    pub event: Option<usize>,
    /// The article date the document was read against.
    pub date: Option<String>,
    /// The event type (sitrep's taxonomy, see ARCHITECTURE.md).
    #[serde(rename = "type")]
    pub kind: Option<EventType>,
    /// ACLED's event type (`assets/events/subtypes.tsv`); null for kinds
    /// ACLED does not code (talks, meetings, statements, aid ...).
    pub acled_event_type: Option<String>,
    /// ACLED's sub-event type, null with `acled_event_type`.
    pub acled_sub_event_type: Option<String>,
    pub status: Option<Status>,
    /// The trigger words, whitespace collapsed.
    pub trigger: Option<String>,
    /// Actors as written, agent first.
    pub actors: Vec<String>,
    /// The gazetteer name of the event's place.
    pub place: Option<String>,
    pub geonameid: Option<u32>,
    /// ISO 3166-1 alpha-2.
    pub country: Option<String>,
    pub admin1: Option<String>,
    /// WGS84 degrees (a region's representative point).
    pub lat: Option<f64>,
    pub lon: Option<f64>,
    /// First and last day of the event (inclusive), YYYY-MM-DD.
    pub begin: Option<String>,
    pub end: Option<String>,
    pub precision: Option<Precision>,
    /// The sentence the event is in, whitespace collapsed.
    pub sentence: Option<String>,
    /// Character offsets of the sentence in the text, end exclusive.
    pub sentence_start: Option<usize>,
    pub sentence_end: Option<usize>,
    pub confidence: Option<f32>,
    /// As in the document line; absent when nothing went wrong.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<String>,
}

/// The flat event rows of one analysis (at least one: see [`EventLine`]).
#[must_use]
pub fn event_lines(a: &Analysis, gaz: &Gazetteer, warnings: &[String]) -> Vec<EventLine> {
    let table = Table::build(
        &[Source {
            name: &a.id,
            analysis: a,
        }],
        gaz,
        &Filter::default(),
    );
    let date = a.date.date.map(|d| d.format("%Y-%m-%d").to_string());
    let iso = |d: Option<chrono::NaiveDate>| d.map(|d| d.format("%Y-%m-%d").to_string());
    let mut lines: Vec<EventLine> = table
        .events
        .into_iter()
        .zip(&a.events)
        .map(|(row, e)| {
            let place = row.place.as_ref();
            EventLine {
                id: a.id.clone(),
                event: Some(e.id),
                date: date.clone(),
                kind: Some(row.kind),
                acled_event_type: row.sub_type.acled().map(|x| x.event_type.to_owned()),
                acled_sub_event_type: row.sub_type.acled().map(|x| x.sub_event_type.to_owned()),
                status: Some(row.status),
                trigger: Some(row.trigger),
                actors: row.actors,
                place: place.map(|p| p.name.clone()),
                geonameid: place.and_then(|p| p.geonameid),
                country: place.and_then(|p| p.country.clone()),
                admin1: place.and_then(|p| p.admin1.clone()),
                lat: place.map(|p| p.lat),
                lon: place.map(|p| p.lon),
                begin: iso(row.begin),
                end: iso(row.end),
                precision: Some(row.precision),
                sentence: Some(row.sentence),
                sentence_start: Some(row.sentence_start),
                sentence_end: Some(row.sentence_end),
                confidence: Some(row.confidence),
                warnings: warnings.to_vec(),
            }
        })
        .collect();
    if lines.is_empty() {
        lines.push(EventLine {
            id: a.id.clone(),
            event: None,
            date,
            kind: None,
            acled_event_type: None,
            acled_sub_event_type: None,
            status: None,
            trigger: None,
            actors: Vec::new(),
            place: None,
            geonameid: None,
            country: None,
            admin1: None,
            lat: None,
            lon: None,
            begin: None,
            end: None,
            precision: None,
            sentence: None,
            sentence_start: None,
            sentence_end: None,
            confidence: None,
            warnings: warnings.to_vec(),
        });
    }
    lines
}

/// A document line or an error line.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)] // only its schema is used
enum DocumentOrError<'a> {
    Document(DocOut<'a>),
    Error(ErrorLine),
}

/// An event line or an error line.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code, clippy::large_enum_variant)] // only its schema is used
enum EventOrError {
    Event(EventLine),
    Error(ErrorLine),
}

/// The JSON Schema (draft 2020-12) of one output line.
#[must_use]
pub fn json_schema(layout: Layout) -> Value {
    // What is written (an Option is there as null; a field skipped when
    // empty may be absent), not what could be read.
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator();
    let mut schema = match layout {
        Layout::Documents => generator.into_root_schema_for::<DocumentOrError<'static>>(),
        Layout::Events => generator.into_root_schema_for::<EventOrError>(),
    }
    .to_value();
    if let Some(obj) = schema.as_object_mut() {
        let (title, description) = match layout {
            Layout::Documents => (
                "sitrep extract --jsonl line",
                "One output line of `sitrep extract --jsonl`: the extract document of an input line, or an error object in its place.",
            ),
            Layout::Events => (
                "sitrep extract --jsonl --events line",
                "One output line of `sitrep extract --jsonl --events`: one event as a flat row, or an error object in place of an input line.",
            ),
        };
        obj.insert("title".into(), title.into());
        obj.insert("description".into(), description.into());
    }
    schema
}

/// The Spark DDL of one output line (`spark.read.schema(ddl).json(...)`):
/// the union of the line's variants, every column nullable, in the order
/// the fields are written.
#[must_use]
pub fn spark_ddl(layout: Layout) -> String {
    ddl_from_schema(&json_schema(layout)).unwrap_or_else(|e| format!("-- {e}"))
}

/// The Spark DDL of a JSON Schema made by `schemars`: top-level columns
/// `` `name` TYPE`` joined by commas. `anyOf`/`oneOf` of objects merge into
/// one struct; null variants are dropped (Spark columns are nullable). An
/// object's fields come in the order of its `required` list (which
/// `schemars` writes in field order), then the others by name.
///
/// # Errors
/// A schema construct with no Spark type (named in the message).
pub fn ddl_from_schema(schema: &Value) -> Result<String, String> {
    let defs = schema
        .get("$defs")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let mut fields = Vec::new();
    struct_fields(schema, &defs, &mut fields)?;
    Ok(fields
        .iter()
        .map(|(name, ty)| format!("`{name}` {ty}"))
        .collect::<Vec<_>>()
        .join(", "))
}

fn resolve<'s>(schema: &'s Value, defs: &'s Map<String, Value>) -> Result<&'s Value, String> {
    let mut s = schema;
    for _ in 0..32 {
        let Some(r) = s.get("$ref").and_then(Value::as_str) else {
            return Ok(s);
        };
        let name = r
            .strip_prefix("#/$defs/")
            .ok_or_else(|| format!("reference {r} is not into $defs"))?;
        s = defs
            .get(name)
            .ok_or_else(|| format!("reference {r} is not defined"))?;
    }
    Err("references nest too deep".into())
}

/// The variants of an `anyOf`/`oneOf`, without the null ones.
fn variants<'s>(
    schema: &'s Value,
    defs: &'s Map<String, Value>,
) -> Result<Option<Vec<&'s Value>>, String> {
    let Some(list) = schema
        .get("anyOf")
        .or_else(|| schema.get("oneOf"))
        .and_then(Value::as_array)
    else {
        return Ok(None);
    };
    let mut out = Vec::new();
    for v in list {
        let v = resolve(v, defs)?;
        let null = v.get("type").and_then(Value::as_str) == Some("null")
            || v.get("const").is_some_and(Value::is_null);
        if !null {
            out.push(v);
        }
    }
    Ok(Some(out))
}

/// The JSON types a schema allows, without `null`.
fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
    .into_iter()
    .filter(|t| *t != "null")
    .collect()
}

fn is_object(schema: &Value, defs: &Map<String, Value>) -> Result<bool, String> {
    let schema = resolve(schema, defs)?;
    if let Some(vs) = variants(schema, defs)? {
        return Ok(!vs.is_empty() && vs.iter().all(|v| is_object(v, defs).unwrap_or(false)));
    }
    Ok(types(schema) == ["object"] || schema.get("properties").is_some())
}

/// Adds the fields of an object schema (or a union of object schemas) to
/// `fields`, merging a name seen before (it must have the same type).
fn struct_fields(
    schema: &Value,
    defs: &Map<String, Value>,
    fields: &mut Vec<(String, String)>,
) -> Result<(), String> {
    let schema = resolve(schema, defs)?;
    if let Some(vs) = variants(schema, defs)? {
        for v in vs {
            struct_fields(v, defs, fields)?;
        }
        return Ok(());
    }
    let Some(props) = schema.get("properties").and_then(Value::as_object) else {
        return Err(format!("not an object schema: {schema}"));
    };
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|r| props.contains_key(*r))
        .collect();
    let others = props
        .keys()
        .map(String::as_str)
        .filter(|k| !required.contains(k));
    for name in required.iter().copied().chain(others) {
        let prop = &props[name];
        let ty = spark_type(prop, defs)?;
        match fields.iter().find(|(n, _)| n == name) {
            Some((_, seen)) if *seen != ty => {
                return Err(format!(
                    "field {name} is {seen} in one variant, {ty} in another"
                ));
            }
            Some(_) => {}
            None => fields.push((name.to_owned(), ty)),
        }
    }
    Ok(())
}

fn spark_type(schema: &Value, defs: &Map<String, Value>) -> Result<String, String> {
    let schema = resolve(schema, defs)?;
    if let Some(vs) = variants(schema, defs)? {
        if is_object(schema, defs)? {
            let mut fields = Vec::new();
            struct_fields(schema, defs, &mut fields)?;
            return Ok(struct_type(&fields));
        }
        let mut tys: Vec<String> = vs
            .iter()
            .map(|v| spark_type(v, defs))
            .collect::<Result<_, _>>()?;
        tys.dedup();
        return match tys.as_slice() {
            [one] => Ok(one.clone()),
            _ => Err(format!("a union of {tys:?} has no Spark type")),
        };
    }
    if let Some(c) = schema.get("const") {
        return match c {
            Value::String(_) => Ok("STRING".into()),
            other => Err(format!("constant {other} has no Spark type")),
        };
    }
    if schema.get("enum").is_some() {
        return Ok("STRING".into());
    }
    match types(schema).as_slice() {
        ["string"] => Ok("STRING".into()),
        ["integer"] => Ok("BIGINT".into()),
        ["number"] => Ok("DOUBLE".into()),
        ["boolean"] => Ok("BOOLEAN".into()),
        ["array"] => {
            let items = schema
                .get("items")
                .ok_or_else(|| "an array without items".to_string())?;
            Ok(format!("ARRAY<{}>", spark_type(items, defs)?))
        }
        ["object"] => {
            let mut fields = Vec::new();
            struct_fields(schema, defs, &mut fields)?;
            Ok(struct_type(&fields))
        }
        other => Err(format!("type {other:?} has no Spark type")),
    }
}

fn struct_type(fields: &[(String, String)]) -> String {
    let inner: Vec<String> = fields.iter().map(|(n, t)| format!("`{n}`: {t}")).collect();
    format!("STRUCT<{}>", inner.join(", "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn ddl_of_scalars_arrays_structs_and_unions() {
        let schema = json!({
            "anyOf": [{"$ref": "#/$defs/A"}, {"$ref": "#/$defs/B"}],
            "$defs": {
                "A": {"type": "object", "properties": {
                    "end": {"type": ["string", "null"]},
                    "n": {"type": "integer", "format": "uint"},
                    "xs": {"type": "array", "items": {"type": "number"}},
                    "k": {"anyOf": [{"$ref": "#/$defs/K"}, {"type": "null"}]},
                    "s": {"type": "object", "properties": {"ok": {"type": "boolean"}}}
                }},
                "B": {"type": "object", "required": ["n", "error"], "properties": {
                    "n": {"type": "integer"},
                    "error": {"type": "string"},
                    "at": {"type": "string"}
                }},
                "K": {"oneOf": [{"const": "a"}, {"type": "string", "enum": ["b", "c"]}]}
            }
        });
        assert_eq!(
            ddl_from_schema(&schema).unwrap(),
            "`end` STRING, `k` STRING, `n` BIGINT, `s` STRUCT<`ok`: BOOLEAN>, \
             `xs` ARRAY<DOUBLE>, `error` STRING, `at` STRING"
        );
    }

    #[test]
    fn ddl_refuses_what_spark_cannot_hold() {
        let clash = json!({"anyOf": [
            {"type": "object", "properties": {"id": {"type": "string"}}},
            {"type": "object", "properties": {"id": {"type": "integer"}}}
        ]});
        assert_eq!(
            ddl_from_schema(&clash).unwrap_err(),
            "field id is STRING in one variant, BIGINT in another"
        );
        let mixed = json!({"type": "object", "properties": {"v": {"type": ["string", "integer"]}}});
        assert!(
            ddl_from_schema(&mixed)
                .unwrap_err()
                .contains("no Spark type")
        );
        let dangling = json!({"$ref": "#/$defs/Gone"});
        assert!(
            ddl_from_schema(&dangling)
                .unwrap_err()
                .contains("not defined")
        );
    }
}
