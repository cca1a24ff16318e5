""" Contains all the data models used in inputs/outputs """

from .access_log_entry import AccessLogEntry
from .access_log_entry_outcome import AccessLogEntryOutcome
from .access_log_list_x_acting_role import AccessLogListXActingRole
from .access_refusals_list_x_acting_role import AccessRefusalsListXActingRole
from .access_refusals_record_x_acting_role import AccessRefusalsRecordXActingRole
from .access_refusals_revoke_on_behalf_of import AccessRefusalsRevokeOnBehalfOf
from .access_refusals_revoke_x_acting_role import AccessRefusalsRevokeXActingRole
from .act_billed_data import ActBilledData
from .act_billed_data_act_code import ActBilledDataActCode
from .act_billed_data_payer import ActBilledDataPayer
from .act_billed_webhook import ActBilledWebhook
from .act_billing_rejected_data import ActBillingRejectedData
from .act_billing_rejected_data_act_code import ActBillingRejectedDataActCode
from .act_billing_rejected_webhook import ActBillingRejectedWebhook
from .act_code import ActCode
from .act_role import ActRole
from .act_view import ActView
from .action import Action
from .added_by import AddedBy
from .agenda_category import AgendaCategory
from .agenda_get_x_acting_role import AgendaGetXActingRole
from .agenda_item_view import AgendaItemView
from .agenda_view import AgendaView
from .alert_out import AlertOut
from .amo_beneficiary import AmoBeneficiary
from .amo_quality import AmoQuality
from .apcv_beneficiary import ApcvBeneficiary
from .apcv_session_closed_data import ApcvSessionClosedData
from .apcv_session_closed_data_status import ApcvSessionClosedDataStatus
from .apcv_session_closed_webhook import ApcvSessionClosedWebhook
from .apcv_session_opened_data import ApcvSessionOpenedData
from .apcv_session_opened_webhook import ApcvSessionOpenedWebhook
from .apcv_session_out import ApcvSessionOut
from .apcv_session_status import ApcvSessionStatus
from .apcv_sessions_close_x_acting_role import ApcvSessionsCloseXActingRole
from .apcv_sessions_get_x_acting_role import ApcvSessionsGetXActingRole
from .apcv_sessions_list_x_acting_role import ApcvSessionsListXActingRole
from .apcv_sessions_open_x_acting_role import ApcvSessionsOpenXActingRole
from .appointment_request import AppointmentRequest
from .appointment_view import AppointmentView
from .appointments_add_x_acting_role import AppointmentsAddXActingRole
from .appointments_cancel_x_acting_role import AppointmentsCancelXActingRole
from .appointments_list_x_acting_role import AppointmentsListXActingRole
from .attachment_in import AttachmentIn
from .attachment_request import AttachmentRequest
from .attachment_view import AttachmentView
from .attribute_create import AttributeCreate
from .audit_event_out import AuditEventOut
from .audit_events_list_x_acting_role import AuditEventsListXActingRole
from .billing_rejection_reason import BillingRejectionReason
from .billing_summaries_get_x_acting_role import BillingSummariesGetXActingRole
from .billing_summary import BillingSummary
from .billing_view import BillingView
from .billing_view_status import BillingViewStatus
from .cancellation_request import CancellationRequest
from .care_act_out import CareActOut
from .care_acts_list_x_acting_role import CareActsListXActingRole
from .care_relationship_kind import CareRelationshipKind
from .care_relationship_request import CareRelationshipRequest
from .care_relationship_view import CareRelationshipView
from .care_relationships_declare_x_acting_role import CareRelationshipsDeclareXActingRole
from .care_sheet_create import CareSheetCreate
from .care_sheet_line_in import CareSheetLineIn
from .care_sheet_line_out import CareSheetLineOut
from .care_sheet_out import CareSheetOut
from .care_sheet_replacement import CareSheetReplacement
from .care_sheet_sessions_get_x_acting_role import CareSheetSessionsGetXActingRole
from .care_sheet_status import CareSheetStatus
from .care_sheets_add_line_x_acting_role import CareSheetsAddLineXActingRole
from .care_sheets_create_x_acting_role import CareSheetsCreateXActingRole
from .care_sheets_get_x_acting_role import CareSheetsGetXActingRole
from .care_sheets_list_x_acting_role import CareSheetsListXActingRole
from .care_sheets_replace_x_acting_role import CareSheetsReplaceXActingRole
from .care_sheets_sign_x_acting_role import CareSheetsSignXActingRole
from .carte_vitale_data import CarteVitaleData
from .change_kind import ChangeKind
from .delivery_status import DeliveryStatus
from .dental_specialty import DentalSpecialty
from .disabled_reason import DisabledReason
from .dmp_document_filed_webhook import DmpDocumentFiledWebhook
from .document_check_create import DocumentCheckCreate
from .document_deposit import DocumentDeposit
from .document_detail import DocumentDetail
from .document_detail_source import DocumentDetailSource
from .document_filed_data import DocumentFiledData
from .document_replacement import DocumentReplacement
from .document_type import DocumentType
from .document_view import DocumentView
from .document_view_source import DocumentViewSource
from .documents_deposit_x_acting_role import DocumentsDepositXActingRole
from .documents_get_content_x_acting_role import DocumentsGetContentXActingRole
from .documents_get_x_acting_role import DocumentsGetXActingRole
from .documents_list_x_acting_role import DocumentsListXActingRole
from .documents_replace_x_acting_role import DocumentsReplaceXActingRole
from .expertise_request import ExpertiseRequest
from .expertise_status import ExpertiseStatus
from .expertise_summary import ExpertiseSummary
from .expertise_view import ExpertiseView
from .fhir_get_capabilities_capability_statement import FhirGetCapabilitiesCapabilityStatement
from .fhir_get_capabilities_x_acting_role import FhirGetCapabilitiesXActingRole
from .identities_add_attribute_x_acting_role import IdentitiesAddAttributeXActingRole
from .identities_check_document_x_acting_role import IdentitiesCheckDocumentXActingRole
from .identities_create_x_acting_role import IdentitiesCreateXActingRole
from .identities_get_history_x_acting_role import IdentitiesGetHistoryXActingRole
from .identities_get_x_acting_role import IdentitiesGetXActingRole
from .identities_list_x_acting_role import IdentitiesListXActingRole
from .identities_look_up_insi_x_acting_role import IdentitiesLookUpInsiXActingRole
from .identities_refuse_verification_x_acting_role import IdentitiesRefuseVerificationXActingRole
from .identities_remove_attribute_x_acting_role import IdentitiesRemoveAttributeXActingRole
from .identities_verify_with_insi_x_acting_role import IdentitiesVerifyWithInsiXActingRole
from .identities_withdraw_verification_refusal_x_acting_role import IdentitiesWithdrawVerificationRefusalXActingRole
from .identity_attribute import IdentityAttribute
from .identity_change import IdentityChange
from .identity_create import IdentityCreate
from .identity_out import IdentityOut
from .identity_qualified_data import IdentityQualifiedData
from .identity_qualified_webhook import IdentityQualifiedWebhook
from .identity_status import IdentityStatus
from .identity_status_changed_data import IdentityStatusChangedData
from .identity_status_changed_webhook import IdentityStatusChangedWebhook
from .incident_request import IncidentRequest
from .ins import Ins
from .ins_input import InsInput
from .ins_oid import InsOid
from .ins_out import InsOut
from .ins_output import InsOutput
from .insi_call import InsiCall
from .insi_lookup_create import InsiLookupCreate
from .insi_outcome import InsiOutcome
from .insi_result_code import InsiResultCode
from .invoice_out import InvoiceOut
from .invoice_status import InvoiceStatus
from .invoices_export_csv_x_acting_role import InvoicesExportCsvXActingRole
from .invoices_get_x_acting_role import InvoicesGetXActingRole
from .invoices_list_x_acting_role import InvoicesListXActingRole
from .item_status import ItemStatus
from .links import Links
from .lookup_method import LookupMethod
from .medical_specialty import MedicalSpecialty
from .member_in import MemberIn
from .member_out import MemberOut
from .message_request import MessageRequest
from .message_view import MessageView
from .messages_file_attachment_x_acting_role import MessagesFileAttachmentXActingRole
from .messages_list_x_acting_role import MessagesListXActingRole
from .messages_mark_read_x_acting_role import MessagesMarkReadXActingRole
from .messages_send_x_acting_role import MessagesSendXActingRole
from .mint_request import MintRequest
from .minted_payload import MintedPayload
from .oauth_get_server_metadata_response_oauth_getservermetadata import OauthGetServerMetadataResponseOauthGetservermetadata
from .oauth_issue_token_body import OauthIssueTokenBody
from .oauth_issue_token_body_grant_type import OauthIssueTokenBodyGrantType
from .open_session_request import OpenSessionRequest
from .page_access_log_entry import PageAccessLogEntry
from .page_appointment_view import PageAppointmentView
from .page_audit_event_out import PageAuditEventOut
from .page_care_sheet_out import PageCareSheetOut
from .page_document_view import PageDocumentView
from .page_expertise_summary import PageExpertiseSummary
from .page_identity_out import PageIdentityOut
from .page_invoice_out import PageInvoiceOut
from .page_member_out import PageMemberOut
from .page_message_view import PageMessageView
from .page_profile_entry_view import PageProfileEntryView
from .page_refusal_view import PageRefusalView
from .page_related_profile_view import PageRelatedProfileView
from .page_session_out import PageSessionOut
from .page_transition_out import PageTransitionOut
from .page_webhook_delivery import PageWebhookDelivery
from .page_webhook_endpoint import PageWebhookEndpoint
from .party_filter import PartyFilter
from .party_role import PartyRole
from .party_view import PartyView
from .patient_side_request import PatientSideRequest
from .patient_side_request_on_behalf_of import PatientSideRequestOnBehalfOf
from .payer import Payer
from .practice_members_add_x_acting_role import PracticeMembersAddXActingRole
from .practice_members_get_x_acting_role import PracticeMembersGetXActingRole
from .practice_members_list_x_acting_role import PracticeMembersListXActingRole
from .practice_members_remove_x_acting_role import PracticeMembersRemoveXActingRole
from .practice_members_set_roles_x_acting_role import PracticeMembersSetRolesXActingRole
from .practice_reset_out import PracticeResetOut
from .problem import Problem
from .problem_errors_item import ProblemErrorsItem
from .profession import Profession
from .profile_entries_add_x_acting_role import ProfileEntriesAddXActingRole
from .profile_entries_get_history_x_acting_role import ProfileEntriesGetHistoryXActingRole
from .profile_entries_list_x_acting_role import ProfileEntriesListXActingRole
from .profile_entries_remove_x_acting_role import ProfileEntriesRemoveXActingRole
from .profile_entries_revise_x_acting_role import ProfileEntriesReviseXActingRole
from .profile_entry_history import ProfileEntryHistory
from .profile_entry_request import ProfileEntryRequest
from .profile_entry_revision import ProfileEntryRevision
from .profile_entry_view import ProfileEntryView
from .profile_section import ProfileSection
from .profile_version_view import ProfileVersionView
from .psc_token import PscToken
from .psc_token_request import PscTokenRequest
from .push_status import PushStatus
from .push_view import PushView
from .read_receipt import ReadReceipt
from .reading_mode import ReadingMode
from .record_area import RecordArea
from .refusal_reason import RefusalReason
from .refusal_request import RefusalRequest
from .refusal_request_on_behalf_of import RefusalRequestOnBehalfOf
from .refusal_view import RefusalView
from .related_profile_request import RelatedProfileRequest
from .related_profile_view import RelatedProfileView
from .related_profiles_attach_x_acting_role import RelatedProfilesAttachXActingRole
from .related_profiles_detach_x_acting_role import RelatedProfilesDetachXActingRole
from .related_profiles_list_x_acting_role import RelatedProfilesListXActingRole
from .relationship import Relationship
from .report_document_view import ReportDocumentView
from .report_request import ReportRequest
from .report_view import ReportView
from .requis_in import RequisIn
from .rights_out import RightsOut
from .role import Role
from .roles_in import RolesIn
from .sandbox_beneficiary import SandboxBeneficiary
from .sandbox_get_apcv_issuer_jwks_response_sandbox_getapcvissuerjwks import SandboxGetApcvIssuerJwksResponseSandboxGetapcvissuerjwks
from .sandbox_get_apcv_issuer_jwks_x_acting_role import SandboxGetApcvIssuerJwksXActingRole
from .sandbox_list_apcv_patients_x_acting_role import SandboxListApcvPatientsXActingRole
from .sandbox_mint_apcv_payload_x_acting_role import SandboxMintApcvPayloadXActingRole
from .sandbox_patient_out import SandboxPatientOut
from .sandbox_professional_out import SandboxProfessionalOut
from .sandbox_reset_practice_x_acting_role import SandboxResetPracticeXActingRole
from .service_reset_out import ServiceResetOut
from .service_reset_out_deleted import ServiceResetOutDeleted
from .session_out import SessionOut
from .session_status import SessionStatus
from .sex import Sex
from .situation import Situation
from .status_filter import StatusFilter
from .summary_kind import SummaryKind
from .summary_line import SummaryLine
from .tele_expertise_accepted_webhook import TeleExpertiseAcceptedWebhook
from .tele_expertise_cancelled_webhook import TeleExpertiseCancelledWebhook
from .tele_expertise_expired_webhook import TeleExpertiseExpiredWebhook
from .tele_expertise_refused_webhook import TeleExpertiseRefusedWebhook
from .tele_expertise_reported_data import TeleExpertiseReportedData
from .tele_expertise_reported_webhook import TeleExpertiseReportedWebhook
from .tele_expertise_requested_webhook import TeleExpertiseRequestedWebhook
from .tele_expertise_status_data import TeleExpertiseStatusData
from .tele_expertise_status_data_previous_status_type_0 import TeleExpertiseStatusDataPreviousStatusType0
from .tele_expertise_status_data_status import TeleExpertiseStatusDataStatus
from .tele_expertises_accept_x_acting_role import TeleExpertisesAcceptXActingRole
from .tele_expertises_cancel_x_acting_role import TeleExpertisesCancelXActingRole
from .tele_expertises_download_attachment_x_acting_role import TeleExpertisesDownloadAttachmentXActingRole
from .tele_expertises_get_trace_x_acting_role import TeleExpertisesGetTraceXActingRole
from .tele_expertises_get_x_acting_role import TeleExpertisesGetXActingRole
from .tele_expertises_list_x_acting_role import TeleExpertisesListXActingRole
from .tele_expertises_record_incident_x_acting_role import TeleExpertisesRecordIncidentXActingRole
from .tele_expertises_refuse_x_acting_role import TeleExpertisesRefuseXActingRole
from .tele_expertises_report_x_acting_role import TeleExpertisesReportXActingRole
from .tele_expertises_request_x_acting_role import TeleExpertisesRequestXActingRole
from .telemed_attachment_view import TelemedAttachmentView
from .telemed_refusal_request import TelemedRefusalRequest
from .telemed_refusal_view import TelemedRefusalView
from .token_response import TokenResponse
from .trace_entry_view import TraceEntryView
from .trace_view import TraceView
from .traits_out import TraitsOut
from .transition_out import TransitionOut
from .transition_out_document_check_type_0 import TransitionOutDocumentCheckType0
from .version_view import VersionView
from .version_view_status import VersionViewStatus
from .webhook_deliveries_list_x_acting_role import WebhookDeliveriesListXActingRole
from .webhook_deliveries_redeliver_x_acting_role import WebhookDeliveriesRedeliverXActingRole
from .webhook_delivery import WebhookDelivery
from .webhook_endpoint import WebhookEndpoint
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_endpoints_create_x_acting_role import WebhookEndpointsCreateXActingRole
from .webhook_endpoints_delete_x_acting_role import WebhookEndpointsDeleteXActingRole
from .webhook_endpoints_get_x_acting_role import WebhookEndpointsGetXActingRole
from .webhook_endpoints_list_x_acting_role import WebhookEndpointsListXActingRole
from .webhook_endpoints_rotate_secret_x_acting_role import WebhookEndpointsRotateSecretXActingRole
from .webhook_endpoints_update_x_acting_role import WebhookEndpointsUpdateXActingRole
from .webhook_event_type import WebhookEventType
from .webhook_secret_rotation import WebhookSecretRotation

__all__ = (
    "AccessLogEntry",
    "AccessLogEntryOutcome",
    "AccessLogListXActingRole",
    "AccessRefusalsListXActingRole",
    "AccessRefusalsRecordXActingRole",
    "AccessRefusalsRevokeOnBehalfOf",
    "AccessRefusalsRevokeXActingRole",
    "ActBilledData",
    "ActBilledDataActCode",
    "ActBilledDataPayer",
    "ActBilledWebhook",
    "ActBillingRejectedData",
    "ActBillingRejectedDataActCode",
    "ActBillingRejectedWebhook",
    "ActCode",
    "Action",
    "ActRole",
    "ActView",
    "AddedBy",
    "AgendaCategory",
    "AgendaGetXActingRole",
    "AgendaItemView",
    "AgendaView",
    "AlertOut",
    "AmoBeneficiary",
    "AmoQuality",
    "ApcvBeneficiary",
    "ApcvSessionClosedData",
    "ApcvSessionClosedDataStatus",
    "ApcvSessionClosedWebhook",
    "ApcvSessionOpenedData",
    "ApcvSessionOpenedWebhook",
    "ApcvSessionOut",
    "ApcvSessionsCloseXActingRole",
    "ApcvSessionsGetXActingRole",
    "ApcvSessionsListXActingRole",
    "ApcvSessionsOpenXActingRole",
    "ApcvSessionStatus",
    "AppointmentRequest",
    "AppointmentsAddXActingRole",
    "AppointmentsCancelXActingRole",
    "AppointmentsListXActingRole",
    "AppointmentView",
    "AttachmentIn",
    "AttachmentRequest",
    "AttachmentView",
    "AttributeCreate",
    "AuditEventOut",
    "AuditEventsListXActingRole",
    "BillingRejectionReason",
    "BillingSummariesGetXActingRole",
    "BillingSummary",
    "BillingView",
    "BillingViewStatus",
    "CancellationRequest",
    "CareActOut",
    "CareActsListXActingRole",
    "CareRelationshipKind",
    "CareRelationshipRequest",
    "CareRelationshipsDeclareXActingRole",
    "CareRelationshipView",
    "CareSheetCreate",
    "CareSheetLineIn",
    "CareSheetLineOut",
    "CareSheetOut",
    "CareSheetReplacement",
    "CareSheetsAddLineXActingRole",
    "CareSheetsCreateXActingRole",
    "CareSheetSessionsGetXActingRole",
    "CareSheetsGetXActingRole",
    "CareSheetsListXActingRole",
    "CareSheetsReplaceXActingRole",
    "CareSheetsSignXActingRole",
    "CareSheetStatus",
    "CarteVitaleData",
    "ChangeKind",
    "DeliveryStatus",
    "DentalSpecialty",
    "DisabledReason",
    "DmpDocumentFiledWebhook",
    "DocumentCheckCreate",
    "DocumentDeposit",
    "DocumentDetail",
    "DocumentDetailSource",
    "DocumentFiledData",
    "DocumentReplacement",
    "DocumentsDepositXActingRole",
    "DocumentsGetContentXActingRole",
    "DocumentsGetXActingRole",
    "DocumentsListXActingRole",
    "DocumentsReplaceXActingRole",
    "DocumentType",
    "DocumentView",
    "DocumentViewSource",
    "ExpertiseRequest",
    "ExpertiseStatus",
    "ExpertiseSummary",
    "ExpertiseView",
    "FhirGetCapabilitiesCapabilityStatement",
    "FhirGetCapabilitiesXActingRole",
    "IdentitiesAddAttributeXActingRole",
    "IdentitiesCheckDocumentXActingRole",
    "IdentitiesCreateXActingRole",
    "IdentitiesGetHistoryXActingRole",
    "IdentitiesGetXActingRole",
    "IdentitiesListXActingRole",
    "IdentitiesLookUpInsiXActingRole",
    "IdentitiesRefuseVerificationXActingRole",
    "IdentitiesRemoveAttributeXActingRole",
    "IdentitiesVerifyWithInsiXActingRole",
    "IdentitiesWithdrawVerificationRefusalXActingRole",
    "IdentityAttribute",
    "IdentityChange",
    "IdentityCreate",
    "IdentityOut",
    "IdentityQualifiedData",
    "IdentityQualifiedWebhook",
    "IdentityStatus",
    "IdentityStatusChangedData",
    "IdentityStatusChangedWebhook",
    "IncidentRequest",
    "Ins",
    "InsiCall",
    "InsiLookupCreate",
    "InsInput",
    "InsiOutcome",
    "InsiResultCode",
    "InsOid",
    "InsOut",
    "InsOutput",
    "InvoiceOut",
    "InvoicesExportCsvXActingRole",
    "InvoicesGetXActingRole",
    "InvoicesListXActingRole",
    "InvoiceStatus",
    "ItemStatus",
    "Links",
    "LookupMethod",
    "MedicalSpecialty",
    "MemberIn",
    "MemberOut",
    "MessageRequest",
    "MessagesFileAttachmentXActingRole",
    "MessagesListXActingRole",
    "MessagesMarkReadXActingRole",
    "MessagesSendXActingRole",
    "MessageView",
    "MintedPayload",
    "MintRequest",
    "OauthGetServerMetadataResponseOauthGetservermetadata",
    "OauthIssueTokenBody",
    "OauthIssueTokenBodyGrantType",
    "OpenSessionRequest",
    "PageAccessLogEntry",
    "PageAppointmentView",
    "PageAuditEventOut",
    "PageCareSheetOut",
    "PageDocumentView",
    "PageExpertiseSummary",
    "PageIdentityOut",
    "PageInvoiceOut",
    "PageMemberOut",
    "PageMessageView",
    "PageProfileEntryView",
    "PageRefusalView",
    "PageRelatedProfileView",
    "PageSessionOut",
    "PageTransitionOut",
    "PageWebhookDelivery",
    "PageWebhookEndpoint",
    "PartyFilter",
    "PartyRole",
    "PartyView",
    "PatientSideRequest",
    "PatientSideRequestOnBehalfOf",
    "Payer",
    "PracticeMembersAddXActingRole",
    "PracticeMembersGetXActingRole",
    "PracticeMembersListXActingRole",
    "PracticeMembersRemoveXActingRole",
    "PracticeMembersSetRolesXActingRole",
    "PracticeResetOut",
    "Problem",
    "ProblemErrorsItem",
    "Profession",
    "ProfileEntriesAddXActingRole",
    "ProfileEntriesGetHistoryXActingRole",
    "ProfileEntriesListXActingRole",
    "ProfileEntriesRemoveXActingRole",
    "ProfileEntriesReviseXActingRole",
    "ProfileEntryHistory",
    "ProfileEntryRequest",
    "ProfileEntryRevision",
    "ProfileEntryView",
    "ProfileSection",
    "ProfileVersionView",
    "PscToken",
    "PscTokenRequest",
    "PushStatus",
    "PushView",
    "ReadingMode",
    "ReadReceipt",
    "RecordArea",
    "RefusalReason",
    "RefusalRequest",
    "RefusalRequestOnBehalfOf",
    "RefusalView",
    "RelatedProfileRequest",
    "RelatedProfilesAttachXActingRole",
    "RelatedProfilesDetachXActingRole",
    "RelatedProfilesListXActingRole",
    "RelatedProfileView",
    "Relationship",
    "ReportDocumentView",
    "ReportRequest",
    "ReportView",
    "RequisIn",
    "RightsOut",
    "Role",
    "RolesIn",
    "SandboxBeneficiary",
    "SandboxGetApcvIssuerJwksResponseSandboxGetapcvissuerjwks",
    "SandboxGetApcvIssuerJwksXActingRole",
    "SandboxListApcvPatientsXActingRole",
    "SandboxMintApcvPayloadXActingRole",
    "SandboxPatientOut",
    "SandboxProfessionalOut",
    "SandboxResetPracticeXActingRole",
    "ServiceResetOut",
    "ServiceResetOutDeleted",
    "SessionOut",
    "SessionStatus",
    "Sex",
    "Situation",
    "StatusFilter",
    "SummaryKind",
    "SummaryLine",
    "TeleExpertiseAcceptedWebhook",
    "TeleExpertiseCancelledWebhook",
    "TeleExpertiseExpiredWebhook",
    "TeleExpertiseRefusedWebhook",
    "TeleExpertiseReportedData",
    "TeleExpertiseReportedWebhook",
    "TeleExpertiseRequestedWebhook",
    "TeleExpertisesAcceptXActingRole",
    "TeleExpertisesCancelXActingRole",
    "TeleExpertisesDownloadAttachmentXActingRole",
    "TeleExpertisesGetTraceXActingRole",
    "TeleExpertisesGetXActingRole",
    "TeleExpertisesListXActingRole",
    "TeleExpertisesRecordIncidentXActingRole",
    "TeleExpertisesRefuseXActingRole",
    "TeleExpertisesReportXActingRole",
    "TeleExpertisesRequestXActingRole",
    "TeleExpertiseStatusData",
    "TeleExpertiseStatusDataPreviousStatusType0",
    "TeleExpertiseStatusDataStatus",
    "TelemedAttachmentView",
    "TelemedRefusalRequest",
    "TelemedRefusalView",
    "TokenResponse",
    "TraceEntryView",
    "TraceView",
    "TraitsOut",
    "TransitionOut",
    "TransitionOutDocumentCheckType0",
    "VersionView",
    "VersionViewStatus",
    "WebhookDeliveriesListXActingRole",
    "WebhookDeliveriesRedeliverXActingRole",
    "WebhookDelivery",
    "WebhookEndpoint",
    "WebhookEndpointCreate",
    "WebhookEndpointCreated",
    "WebhookEndpointsCreateXActingRole",
    "WebhookEndpointsDeleteXActingRole",
    "WebhookEndpointsGetXActingRole",
    "WebhookEndpointsListXActingRole",
    "WebhookEndpointsRotateSecretXActingRole",
    "WebhookEndpointsUpdateXActingRole",
    "WebhookEndpointUpdate",
    "WebhookEventType",
    "WebhookSecretRotation",
)
