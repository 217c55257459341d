//! The bundled offline gazetteer.
