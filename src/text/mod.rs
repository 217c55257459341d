//! Text input and the document model (sentences, tokens). Owned by the text work.
