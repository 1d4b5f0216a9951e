//! Empty on purpose: building this crate builds `aws-sdk-cleanrooms` and its dependencies only.
