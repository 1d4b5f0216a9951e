//! The generator's one-module output, included as a user's library includes it (public modules;
//! `examples/build-script` includes one in a private module of a binary), compiled and linted
//! with the workspace, and compared with the crates generated from the same models.

macro_rules! generated {
    ($($name:ident => $file:literal),* $(,)?) => {
        $(
            #[doc = concat!("The module generated into `OUT_DIR/", $file, "`.")]
            pub mod $name {
                include!(concat!(env!("OUT_DIR"), "/", $file));
            }
        )*
    };
}

generated! {
    constructs => "constructs.rs",
    naming => "naming.rs",
    http_bindings => "http.rs",
    sts => "sts.rs",
    s3 => "s3.rs",
    dynamodb => "dynamodb.rs",
    arc_region_switch => "arc_region_switch.rs",
}

#[cfg(test)]
mod tests;
