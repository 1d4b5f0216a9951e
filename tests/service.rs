//! Every conformance case of all 88 Clean Rooms operations, against the whole-service crate
//! (`tests/generated/service`): requests built, responses and errors parsed, and inputs
//! validated as botocore does. Counts are printed per file and kind.

use cleanrooms_service_types as types;
use cleanrooms_service_types::{Constraint, ValidationErrors};
use e2e::{
    Tally, botocore_names, case_id, check_built_request, check_error_seen, declares_error, diff, diff_corrected,
    fixture_response, guarded, has_tag, load_cases, operations, resolve_unknown_members,
};
use serde_json::{Map, Value};

operations! {
        types, |_: &str, params: &Value| params.clone();
        BatchGetCollaborationAnalysisTemplate, BatchGetCollaborationAnalysisTemplateInput, BatchGetCollaborationAnalysisTemplateOutput, BatchGetCollaborationAnalysisTemplateOperationError;
        BatchGetSchema, BatchGetSchemaInput, BatchGetSchemaOutput, BatchGetSchemaOperationError;
        BatchGetSchemaAnalysisRule, BatchGetSchemaAnalysisRuleInput, BatchGetSchemaAnalysisRuleOutput, BatchGetSchemaAnalysisRuleOperationError;
        CreateAnalysisTemplate, CreateAnalysisTemplateInput, CreateAnalysisTemplateOutput, CreateAnalysisTemplateError;
        CreateCollaboration, CreateCollaborationInput, CreateCollaborationOutput, CreateCollaborationError;
        CreateCollaborationChangeRequest, CreateCollaborationChangeRequestInput, CreateCollaborationChangeRequestOutput, CreateCollaborationChangeRequestError;
        CreateConfiguredAudienceModelAssociation, CreateConfiguredAudienceModelAssociationInput, CreateConfiguredAudienceModelAssociationOutput, CreateConfiguredAudienceModelAssociationError;
        CreateConfiguredTable, CreateConfiguredTableInput, CreateConfiguredTableOutput, CreateConfiguredTableError;
        CreateConfiguredTableAnalysisRule, CreateConfiguredTableAnalysisRuleInput, CreateConfiguredTableAnalysisRuleOutput, CreateConfiguredTableAnalysisRuleError;
        CreateConfiguredTableAssociation, CreateConfiguredTableAssociationInput, CreateConfiguredTableAssociationOutput, CreateConfiguredTableAssociationError;
        CreateConfiguredTableAssociationAnalysisRule, CreateConfiguredTableAssociationAnalysisRuleInput, CreateConfiguredTableAssociationAnalysisRuleOutput, CreateConfiguredTableAssociationAnalysisRuleError;
        CreateIdMappingTable, CreateIdMappingTableInput, CreateIdMappingTableOutput, CreateIdMappingTableError;
        CreateIdNamespaceAssociation, CreateIdNamespaceAssociationInput, CreateIdNamespaceAssociationOutput, CreateIdNamespaceAssociationError;
        CreateMembership, CreateMembershipInput, CreateMembershipOutput, CreateMembershipError;
        CreatePrivacyBudgetTemplate, CreatePrivacyBudgetTemplateInput, CreatePrivacyBudgetTemplateOutput, CreatePrivacyBudgetTemplateError;
        DeleteAnalysisTemplate, DeleteAnalysisTemplateInput, DeleteAnalysisTemplateOutput, DeleteAnalysisTemplateError;
        DeleteCollaboration, DeleteCollaborationInput, DeleteCollaborationOutput, DeleteCollaborationError;
        DeleteConfiguredAudienceModelAssociation, DeleteConfiguredAudienceModelAssociationInput, DeleteConfiguredAudienceModelAssociationOutput, DeleteConfiguredAudienceModelAssociationError;
        DeleteConfiguredTable, DeleteConfiguredTableInput, DeleteConfiguredTableOutput, DeleteConfiguredTableError;
        DeleteConfiguredTableAnalysisRule, DeleteConfiguredTableAnalysisRuleInput, DeleteConfiguredTableAnalysisRuleOutput, DeleteConfiguredTableAnalysisRuleError;
        DeleteConfiguredTableAssociation, DeleteConfiguredTableAssociationInput, DeleteConfiguredTableAssociationOutput, DeleteConfiguredTableAssociationError;
        DeleteConfiguredTableAssociationAnalysisRule, DeleteConfiguredTableAssociationAnalysisRuleInput, DeleteConfiguredTableAssociationAnalysisRuleOutput, DeleteConfiguredTableAssociationAnalysisRuleError;
        DeleteIdMappingTable, DeleteIdMappingTableInput, DeleteIdMappingTableOutput, DeleteIdMappingTableError;
        DeleteIdNamespaceAssociation, DeleteIdNamespaceAssociationInput, DeleteIdNamespaceAssociationOutput, DeleteIdNamespaceAssociationError;
        DeleteMember, DeleteMemberInput, DeleteMemberOutput, DeleteMemberError;
        DeleteMembership, DeleteMembershipInput, DeleteMembershipOutput, DeleteMembershipError;
        DeletePrivacyBudgetTemplate, DeletePrivacyBudgetTemplateInput, DeletePrivacyBudgetTemplateOutput, DeletePrivacyBudgetTemplateError;
        GetAnalysisTemplate, GetAnalysisTemplateInput, GetAnalysisTemplateOutput, GetAnalysisTemplateError;
        GetCollaboration, GetCollaborationInput, GetCollaborationOutput, GetCollaborationError;
        GetCollaborationAnalysisTemplate, GetCollaborationAnalysisTemplateInput, GetCollaborationAnalysisTemplateOutput, GetCollaborationAnalysisTemplateError;
        GetCollaborationChangeRequest, GetCollaborationChangeRequestInput, GetCollaborationChangeRequestOutput, GetCollaborationChangeRequestError;
        GetCollaborationConfiguredAudienceModelAssociation, GetCollaborationConfiguredAudienceModelAssociationInput, GetCollaborationConfiguredAudienceModelAssociationOutput, GetCollaborationConfiguredAudienceModelAssociationError;
        GetCollaborationIdNamespaceAssociation, GetCollaborationIdNamespaceAssociationInput, GetCollaborationIdNamespaceAssociationOutput, GetCollaborationIdNamespaceAssociationError;
        GetCollaborationPrivacyBudgetTemplate, GetCollaborationPrivacyBudgetTemplateInput, GetCollaborationPrivacyBudgetTemplateOutput, GetCollaborationPrivacyBudgetTemplateError;
        GetConfiguredAudienceModelAssociation, GetConfiguredAudienceModelAssociationInput, GetConfiguredAudienceModelAssociationOutput, GetConfiguredAudienceModelAssociationError;
        GetConfiguredTable, GetConfiguredTableInput, GetConfiguredTableOutput, GetConfiguredTableError;
        GetConfiguredTableAnalysisRule, GetConfiguredTableAnalysisRuleInput, GetConfiguredTableAnalysisRuleOutput, GetConfiguredTableAnalysisRuleError;
        GetConfiguredTableAssociation, GetConfiguredTableAssociationInput, GetConfiguredTableAssociationOutput, GetConfiguredTableAssociationError;
        GetConfiguredTableAssociationAnalysisRule, GetConfiguredTableAssociationAnalysisRuleInput, GetConfiguredTableAssociationAnalysisRuleOutput, GetConfiguredTableAssociationAnalysisRuleError;
        GetIdMappingTable, GetIdMappingTableInput, GetIdMappingTableOutput, GetIdMappingTableError;
        GetIdNamespaceAssociation, GetIdNamespaceAssociationInput, GetIdNamespaceAssociationOutput, GetIdNamespaceAssociationError;
        GetMembership, GetMembershipInput, GetMembershipOutput, GetMembershipError;
        GetPrivacyBudgetTemplate, GetPrivacyBudgetTemplateInput, GetPrivacyBudgetTemplateOutput, GetPrivacyBudgetTemplateError;
        GetProtectedJob, GetProtectedJobInput, GetProtectedJobOutput, GetProtectedJobError;
        GetProtectedQuery, GetProtectedQueryInput, GetProtectedQueryOutput, GetProtectedQueryError;
        GetSchema, GetSchemaInput, GetSchemaOutput, GetSchemaError;
        GetSchemaAnalysisRule, GetSchemaAnalysisRuleInput, GetSchemaAnalysisRuleOutput, GetSchemaAnalysisRuleError;
        ListAnalysisTemplates, ListAnalysisTemplatesInput, ListAnalysisTemplatesOutput, ListAnalysisTemplatesError;
        ListCollaborationAnalysisTemplates, ListCollaborationAnalysisTemplatesInput, ListCollaborationAnalysisTemplatesOutput, ListCollaborationAnalysisTemplatesError;
        ListCollaborationChangeRequests, ListCollaborationChangeRequestsInput, ListCollaborationChangeRequestsOutput, ListCollaborationChangeRequestsError;
        ListCollaborationConfiguredAudienceModelAssociations, ListCollaborationConfiguredAudienceModelAssociationsInput, ListCollaborationConfiguredAudienceModelAssociationsOutput, ListCollaborationConfiguredAudienceModelAssociationsError;
        ListCollaborationIdNamespaceAssociations, ListCollaborationIdNamespaceAssociationsInput, ListCollaborationIdNamespaceAssociationsOutput, ListCollaborationIdNamespaceAssociationsError;
        ListCollaborationPrivacyBudgetTemplates, ListCollaborationPrivacyBudgetTemplatesInput, ListCollaborationPrivacyBudgetTemplatesOutput, ListCollaborationPrivacyBudgetTemplatesError;
        ListCollaborationPrivacyBudgets, ListCollaborationPrivacyBudgetsInput, ListCollaborationPrivacyBudgetsOutput, ListCollaborationPrivacyBudgetsError;
        ListCollaborations, ListCollaborationsInput, ListCollaborationsOutput, ListCollaborationsError;
        ListConfiguredAudienceModelAssociations, ListConfiguredAudienceModelAssociationsInput, ListConfiguredAudienceModelAssociationsOutput, ListConfiguredAudienceModelAssociationsError;
        ListConfiguredTableAssociations, ListConfiguredTableAssociationsInput, ListConfiguredTableAssociationsOutput, ListConfiguredTableAssociationsError;
        ListConfiguredTables, ListConfiguredTablesInput, ListConfiguredTablesOutput, ListConfiguredTablesError;
        ListIdMappingTables, ListIdMappingTablesInput, ListIdMappingTablesOutput, ListIdMappingTablesError;
        ListIdNamespaceAssociations, ListIdNamespaceAssociationsInput, ListIdNamespaceAssociationsOutput, ListIdNamespaceAssociationsError;
        ListMembers, ListMembersInput, ListMembersOutput, ListMembersError;
        ListMemberships, ListMembershipsInput, ListMembershipsOutput, ListMembershipsError;
        ListPrivacyBudgetTemplates, ListPrivacyBudgetTemplatesInput, ListPrivacyBudgetTemplatesOutput, ListPrivacyBudgetTemplatesError;
        ListPrivacyBudgets, ListPrivacyBudgetsInput, ListPrivacyBudgetsOutput, ListPrivacyBudgetsError;
        ListProtectedJobs, ListProtectedJobsInput, ListProtectedJobsOutput, ListProtectedJobsError;
        ListProtectedQueries, ListProtectedQueriesInput, ListProtectedQueriesOutput, ListProtectedQueriesError;
        ListSchemas, ListSchemasInput, ListSchemasOutput, ListSchemasError;
        ListTagsForResource, ListTagsForResourceInput, ListTagsForResourceOutput, ListTagsForResourceError;
        PopulateIdMappingTable, PopulateIdMappingTableInput, PopulateIdMappingTableOutput, PopulateIdMappingTableError;
        PreviewPrivacyImpact, PreviewPrivacyImpactInput, PreviewPrivacyImpactOutput, PreviewPrivacyImpactError;
        StartProtectedJob, StartProtectedJobInput, StartProtectedJobOutput, StartProtectedJobError;
        StartProtectedQuery, StartProtectedQueryInput, StartProtectedQueryOutput, StartProtectedQueryError;
        TagResource, TagResourceInput, TagResourceOutput, TagResourceError;
        UntagResource, UntagResourceInput, UntagResourceOutput, UntagResourceError;
        UpdateAnalysisTemplate, UpdateAnalysisTemplateInput, UpdateAnalysisTemplateOutput, UpdateAnalysisTemplateError;
        UpdateCollaboration, UpdateCollaborationInput, UpdateCollaborationOutput, UpdateCollaborationError;
        UpdateCollaborationChangeRequest, UpdateCollaborationChangeRequestInput, UpdateCollaborationChangeRequestOutput, UpdateCollaborationChangeRequestError;
        UpdateConfiguredAudienceModelAssociation, UpdateConfiguredAudienceModelAssociationInput, UpdateConfiguredAudienceModelAssociationOutput, UpdateConfiguredAudienceModelAssociationError;
        UpdateConfiguredTable, UpdateConfiguredTableInput, UpdateConfiguredTableOutput, UpdateConfiguredTableError;
        UpdateConfiguredTableAnalysisRule, UpdateConfiguredTableAnalysisRuleInput, UpdateConfiguredTableAnalysisRuleOutput, UpdateConfiguredTableAnalysisRuleError;
        UpdateConfiguredTableAssociation, UpdateConfiguredTableAssociationInput, UpdateConfiguredTableAssociationOutput, UpdateConfiguredTableAssociationError;
        UpdateConfiguredTableAssociationAnalysisRule, UpdateConfiguredTableAssociationAnalysisRuleInput, UpdateConfiguredTableAssociationAnalysisRuleOutput, UpdateConfiguredTableAssociationAnalysisRuleError;
        UpdateIdMappingTable, UpdateIdMappingTableInput, UpdateIdMappingTableOutput, UpdateIdMappingTableError;
        UpdateIdNamespaceAssociation, UpdateIdNamespaceAssociationInput, UpdateIdNamespaceAssociationOutput, UpdateIdNamespaceAssociationError;
        UpdateMembership, UpdateMembershipInput, UpdateMembershipOutput, UpdateMembershipError;
        UpdatePrivacyBudgetTemplate, UpdatePrivacyBudgetTemplateInput, UpdatePrivacyBudgetTemplateOutput, UpdatePrivacyBudgetTemplateError;
        UpdateProtectedJob, UpdateProtectedJobInput, UpdateProtectedJobOutput, UpdateProtectedJobError;
        UpdateProtectedQuery, UpdateProtectedQueryInput, UpdateProtectedQueryOutput, UpdateProtectedQueryError;
}

fn operation(case: &Value) -> &'static e2e::Operation<ValidationErrors> {
    let name = case["operation"].as_str().unwrap_or_default();
    OPERATIONS
        .iter()
        .find(|o| o.name == name)
        .unwrap_or_else(|| panic!("no operation {name} in the crate"))
}

/// Every case of `file`, over all operations.
fn cases(file: &str) -> Vec<Value> {
    let cases: Vec<Value> = OPERATIONS
        .iter()
        .flat_map(|o| load_cases(file, o.name))
        .collect();
    assert!(!cases.is_empty(), "{file}: no cases");
    cases
}

/// Where we differ from botocore on purpose, by case: what botocore does and why we do not.
const BY_DESIGN: &[(&str, &str)] = &[
    (
        "ListTagsForResource-s1001-req-14",
        "botocore sends an empty `resourceArn` URI label (to `/tags/`); an empty label is an error here, \
         so a request never reaches the wrong resource",
    ),
    (
        "UpdateMembership-hand-err-500-empty-body-with-errortype",
        "botocore ignores X-Amzn-Errortype on a 5xx with an empty body; the Smithy restJson1 \
         protocol tests (RestJsonFooErrorUsingXAmznErrorType) read it",
    ),
    (
        "UpdateIdNamespaceAssociation-s1001-val-06",
        "botocore requires `idMappingConfig.allowUseAsDimensionColumn`; it is @required with @default(false), \
         and Smithy 2.0 reads an absent member with a default as its default",
    ),
];

fn by_design(case: &Value) -> Option<&'static str> {
    BY_DESIGN
        .iter()
        .find(|(id, _)| *id == case_id(case))
        .map(|(_, why)| *why)
}

#[test]
fn requests() {
    let mut tally = Tally::new("requests.jsonl (88 operations)");
    for case in cases("requests.jsonl") {
        let outcome = guarded(|| check_request(&case)).and_then(|r| r);
        match (outcome, by_design(&case)) {
            (Err(reason), Some(why)) => tally.out_of_scope(
                "differs by design",
                case_id(&case),
                format!("{reason}: {why}"),
            ),
            (outcome, _) => tally.record(
                "request built as botocore builds it",
                case_id(&case),
                outcome,
            ),
        }
    }
    tally.finish();
}

#[test]
fn responses() {
    let mut tally = Tally::new("responses.jsonl (88 operations)");
    for case in cases("responses.jsonl") {
        let id = case_id(&case);
        let parsed =
            guarded(|| fixture_response(&case).and_then(|r| (operation(&case).response)(&r)));
        let (kind, outcome) = match (case.get("expected_error").is_some(), parsed) {
            (_, Err(panic)) => ("panicked", Err(panic)),
            (true, Ok(Err(_))) => ("unparsable response rejected", Ok(())),
            (true, Ok(Ok(v))) => (
                "unparsable response rejected",
                Err(format!("accepted: {v}")),
            ),
            (false, Ok(Ok(ours))) if has_tag(&case, "lenient") => (
                "lenient: accepted, missing required members error-corrected",
                diff_corrected(&case["expected"], &ours, "$").map(drop),
            ),
            (false, Ok(Ok(ours))) => (
                "output parsed as botocore parses it",
                compare_output(&case, &ours),
            ),
            (false, Ok(Err(e))) => ("output parsed as botocore parses it", Err(e)),
        };
        tally.record(kind, id, outcome);
    }
    tally.finish();
}

fn compare_output(case: &Value, ours: &Value) -> Result<(), String> {
    let body = case["body"].as_str().unwrap_or_default();
    let raw: Value = if body.trim().is_empty() {
        Value::Object(Map::new())
    } else {
        serde_json::from_str(body).map_err(|e| e.to_string())?
    };
    let mut found = Vec::new();
    let expected =
        resolve_unknown_members(&case["expected"], Some(ours), Some(&raw), "$", &mut found)?;
    diff(&expected, ours, "$")
}

#[test]
fn errors() {
    let mut tally = Tally::new("errors.jsonl (88 operations)");
    for case in cases("errors.jsonl") {
        let modeled = !case["expected"]["error_shape"].is_null();
        let outcome = guarded(|| check_error(&case)).and_then(|r| r);
        if let Some(why) = by_design(&case) {
            let reason = outcome.err().unwrap_or_else(|| "matches botocore".to_owned());
            tally.out_of_scope("differs by design", case_id(&case), format!("{reason}: {why}"));
            continue;
        }
        tally.record(
            if modeled {
                "modeled error"
            } else {
                "unmodeled or generic error"
            },
            case_id(&case),
            outcome,
        );
    }
    tally.finish();
}

/// Code, message and variant as botocore reports them; the modeled members as its `fields`.
fn check_error(case: &Value) -> Result<(), String> {
    let op = operation(case);
    let seen = (op.error)(&fixture_response(case)?);
    match check_error_seen(&case["expected"], &seen, |shape| declares_error(op.error, shape))? {
        Some(shape) => error_fields(shape, case),
        None => Ok(()),
    }
}

/// The error structure parsed from the body equals botocore's `fields`; a `message` taken from
/// a `Message` key is ours only.
fn error_fields(shape: &str, case: &Value) -> Result<(), String> {
    let body = case["body"].as_str().unwrap_or_default();
    let ours = match shape {
        "AccessDeniedException" => {
            serde_json::from_str::<types::AccessDeniedException>(body).map(serde_json::to_value)
        }
        "ConflictException" => {
            serde_json::from_str::<types::ConflictException>(body).map(serde_json::to_value)
        }
        "InternalServerException" => {
            serde_json::from_str::<types::InternalServerException>(body).map(serde_json::to_value)
        }
        "ResourceNotFoundException" => {
            serde_json::from_str::<types::ResourceNotFoundException>(body).map(serde_json::to_value)
        }
        "ServiceQuotaExceededException" => {
            serde_json::from_str::<types::ServiceQuotaExceededException>(body)
                .map(serde_json::to_value)
        }
        "ThrottlingException" => {
            serde_json::from_str::<types::ThrottlingException>(body).map(serde_json::to_value)
        }
        "ValidationException" => {
            serde_json::from_str::<types::ValidationException>(body).map(serde_json::to_value)
        }
        other => return Err(format!("no error structure {other} in this test")),
    };
    let ours = ours
        .map_err(|e| e.to_string())?
        .map_err(|e| e.to_string())?;
    diff(&case["expected"]["fields"], &ours, "$.fields")
}

#[test]
fn validation() {
    let mut tally = Tally::new("validation.jsonl (88 operations)");
    let mut stricter = Vec::new();
    for case in cases("validation.jsonl") {
        let id = case_id(&case);
        let kind = case["mutation"].as_str().unwrap_or("none").to_owned();
        let ours = match guarded(|| (operation(&case).validate)(&case["params"])) {
            Ok(v) => v,
            Err(panic) => {
                tally.record(&kind, id, Err(panic));
                continue;
            }
        };
        let expected = &case["expected"];
        let outcome = match (expected["valid"].as_bool(), ours) {
            (Some(true), Ok(())) => Ok(()),
            (Some(true), Err(e))
                if e.violations()
                    .iter()
                    .all(|v| unchecked_by_botocore(v.constraint)) =>
            {
                stricter.push(format!("{id}: {e}"));
                Ok(())
            }
            (Some(true), Err(e)) => Err(format!("botocore: valid; ours: {e}")),
            (Some(false), Ok(())) => Err(format!(
                "botocore: invalid ({}); ours: valid",
                expected["errors"]
            )),
            (Some(false), Err(e)) => {
                let theirs = botocore_names(expected);
                let ours: Vec<&str> = e.violations().iter().map(|v| v.name.as_str()).collect();
                if theirs.iter().any(|t| ours.contains(&t.as_str())) {
                    Ok(())
                } else {
                    Err(format!(
                        "names differ: botocore {theirs:?}, ours {ours:?} ({e})"
                    ))
                }
            }
            (None, _) => Err("no verdict in the fixture".to_owned()),
        };
        match (outcome, by_design(&case)) {
            (Err(reason), Some(why)) => {
                tally.out_of_scope("differs by design", id, format!("{reason}: {why}"))
            }
            (outcome, _) => tally.record(&kind, id, outcome),
        }
    }
    println!(
        "stricter than botocore by design (@length/@range max, @pattern, @uniqueItems): {} cases",
        stricter.len()
    );
    tally.finish();
}

/// The constraints botocore leaves to the service (it checks required members, minimum lengths
/// and ranges, union exactly-one, unknown keys and types).
fn unchecked_by_botocore(constraint: Constraint) -> bool {
    matches!(
        constraint,
        Constraint::MaxLength
            | Constraint::MaxRange
            | Constraint::Pattern
            | Constraint::UniqueItems
    )
}

/// The request the case's operation builds from `params` equals botocore's.
fn check_request(case: &Value) -> Result<(), String> {
    let request = (operation(case).request)(&case["params"])?;
    check_built_request(&case["expected"], &request)
}
