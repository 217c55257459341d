//! Time expressions: recognition and TIMEX3 normalization. Owned by the time work.
