//! Generates one module per selection into `OUT_DIR`, as a user's build script would: the
//! project's test models (every construct, the naming obstacle course, HTTP bindings) and AWS
//! models of each protocol family (STS on awsQuery, S3 on restXml, DynamoDB on awsJson1_0, ARC
//! Region switch on rpcv2Cbor), read from `../shared` beside the repository.

use std::path::{Path, PathBuf};

/// (module file, model path relative to the repository root, operations; empty: all).
const MODULES: &[(&str, &str, &[&str])] = &[
    ("constructs.rs", "models/tests/constructs.json", &[]),
    ("naming.rs", "models/tests/naming.json", &[]),
    ("http.rs", "models/tests/http.json", &[]),
    ("sts.rs", "../shared/models/aws/sts.json", &[]),
    (
        "s3.rs",
        "../shared/models/aws/s3.json",
        &["DeleteObjects", "PutObjectTagging", "GetBucketTagging"],
    ),
    (
        "dynamodb.rs",
        "../shared/models/aws/dynamodb.json",
        &["GetItem", "PutItem"],
    ),
    (
        "arc_region_switch.rs",
        "../shared/models/aws/arc-region-switch.json",
        &["GetPlanExecution", "ListPlanExecutions"],
    ),
];

fn main() {
    if let Err(e) = generate() {
        eprintln!("error: {e}");
        std::process::exit(1);
    }
}

fn generate() -> Result<(), Box<dyn std::error::Error>> {
    let manifest_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR")?);
    let root = manifest_dir.join("../..");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR")?);
    for (file, model, operations) in MODULES {
        let path = root.join(model);
        println!("cargo::rerun-if-changed={}", path.display());
        if !path.exists() {
            return Err(format!(
                "{} is missing: these tests read AWS's models from ../shared beside the repository",
                path.display()
            )
            .into());
        }
        let model = codegen::Model::from_paths([&path])?;
        let settings = codegen::Settings::builder()
            .operations(operations.iter().copied())
            .command("cargo build -p module-tests")
            .build();
        let module = codegen::Generator::new(settings).generate_module(&model)?;
        module.check_dependencies(manifest_dir.join("Cargo.toml"))?;
        module.write_to(Path::new(&out_dir).join(file))?;
    }
    Ok(())
}
