"""A platform team's own CDK app that uses sms-estate as a construct library (no sms-estate YAML).

Lanternfield Bakery (an invented business) texts customers when an order is ready. One stack holds:

* a configuration set whose failure events go to an SNS topic (the construct creates the topic, its
  KMS key and the topic policy, bound to this account and this configuration set);
* a toll-free number in a pool, so the sender names the pool and numbers can be added later;
* the toll-free registration as a draft (``submit=False``): filled and checked, never sent to review;
* the order service's Lambda function, allowed to send through exactly that pool and that
  configuration set.

cdk-nag's AwsSolutions pack runs over the app: an open finding fails synthesis. Run it with
``python app.py`` (writes ``cdk.out/``) or ``npx cdk synth``; see README.md.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import aws_cdk as cdk
from aws_cdk import aws_iam as iam
from aws_cdk import aws_lambda as lambda_
from aws_cdk import aws_logs as logs
from constructs import Construct

from sms_estate import (
    SmsConfigurationSet,
    SmsPhoneNumber,
    SmsPool,
    SmsRegistration,
    SnsDestination,
    add_nag_checks,
)

HERE = Path(__file__).resolve().parent
STACK = "LanternfieldOrders"

# The order service's handler: small enough to ship inline. It names the pool (never a number) and the
# configuration set, so delivery events reach the topic and the pool can grow without a code change.
SENDER_CODE = """
import os
import boto3

sms = boto3.client("pinpoint-sms-voice-v2")


def handler(event, context):
    response = sms.send_text_message(
        DestinationPhoneNumber=event["to"],
        OriginationIdentity=os.environ["POOL_ARN"],
        ConfigurationSetName=os.environ["CONFIGURATION_SET_NAME"],
        MessageType="TRANSACTIONAL",
        MessageBody="Lanternfield Bakery: your order " + event["order"] + " is ready for pickup. Reply STOP to opt out.",
    )
    return {"messageId": response["MessageId"]}
"""

REGISTRATION_FIELDS = {
    "companyInfo.companyName": "Lanternfield Bakery LLC",
    "companyInfo.website": "https://www.lanternfieldbakery.example",
    "companyInfo.address1": "27 Millrace Lane",
    "companyInfo.city": "Spokane",
    "companyInfo.state": "WA",
    "companyInfo.zipCode": "99201",
    "companyInfo.isoCountryCode": "US",
    "companyInfo.businessType": "PRIVATE_PROFIT",
    "companyInfo.taxId": "98-7654321",
    "companyInfo.taxIdAuthority": "EIN",
    "companyInfo.taxIdCountry": "US",
    "contactInfo.firstName": "Odile",
    "contactInfo.lastName": "Brannigan",
    "contactInfo.supportEmail": "help@lanternfieldbakery.example",
    "contactInfo.supportPhoneNumber": "+15095550187",
    "messagingUseCase.monthlyMessageVolume": "1,000",
    "messagingUseCase.useCaseCategory": "ACCOUNT_NOTIFICATIONS",
    "messagingUseCase.useCaseDetails": (
        "Lanternfield Bakery texts customers who placed an online order that their order is ready for "
        "pickup, and when a pickup time changes. Customers ask for these texts while ordering."
    ),
    "messagingUseCase.optInType": "DIGITAL_FORM",
    "messagingUseCase.optInDescription": (
        "Customers opt in on the checkout page at https://www.lanternfieldbakery.example/checkout by entering "
        'their mobile number and ticking an unchecked box labelled "Text me when my Lanternfield Bakery order '
        'is ready". The form states: "You will receive up to 3 messages per order. Message and data rates may '
        'apply. Reply HELP for help, STOP to cancel." Opting in is not required to order, and phone numbers are '
        "never shared with third parties. A screenshot of the form is attached."
    ),
    "messagingUseCase.privacyPolicyUrl": "https://www.lanternfieldbakery.example/privacy",
    "messagingUseCase.termsAndConditionsUrl": "https://www.lanternfieldbakery.example/sms-terms",
    "messageSamples.messageSample1": (
        "Lanternfield Bakery: your order 1042 is ready for pickup at Millrace Lane. Reply STOP to opt out."
    ),
    "messageSamples.messageSample2": (
        "Lanternfield Bakery: your pickup for order 1042 moved to 3:30 PM. Questions? Call +15095550187. "
        "Reply STOP to opt out."
    ),
}


class OrderNotificationsStack(cdk.Stack):
    """The SMS resources of the order service and the service's sending function, side by side."""

    def __init__(self, scope: Construct, construct_id: str, **kwargs: Any) -> None:
        super().__init__(scope, construct_id, **kwargs)

        configuration_set = SmsConfigurationSet(
            self, "Events", configuration_set_name="lanternfield-orders", message_feedback=True
        )
        configuration_set.add_event_destination(
            "FailureAlerts",
            name="failure-alerts",
            event_types=["TEXT_CARRIER_UNREACHABLE", "TEXT_UNREACHABLE", "TEXT_BLOCKED", "TEXT_SPAM"],
            destination=SnsDestination(),  # a new KMS-encrypted, TLS-only topic
        )

        number = SmsPhoneNumber(
            self,
            "OrderNumber",
            number_type="TOLL_FREE",
            iso_country_code="US",
            message_type="TRANSACTIONAL",
            capabilities=["SMS"],
        )
        pool = SmsPool(
            self,
            "OrderPool",
            name="lanternfield-orders",
            origination_identities=[number.phone_number_arn],
            help_message="Lanternfield Bakery order texts. Help: +15095550187 or help@lanternfieldbakery.example. "
            "Reply STOP to opt out.",
            stop_message="Lanternfield Bakery: you are unsubscribed and will get no more order texts.",
        )
        registration = SmsRegistration(
            self,
            "TollFreeRegistration",
            registration_type="US_TOLL_FREE_REGISTRATION",
            fields=REGISTRATION_FIELDS,
            attachments={"messagingUseCase.optInImage": HERE / "optin-form.png"},
            phone_number_ids=[number.phone_number_id],
            submit=False,  # a draft: submitting starts a real carrier review of a real business
        )
        registration.requires_valid_values(number)  # an invalid registration buys no number

        self.sender = self._sender_function(pool, configuration_set)
        # SendTextMessage is authorised on every resource the call names: the pool and the configuration set.
        pool.grant_send_text_message(self.sender)
        configuration_set.grant_send_text_message(self.sender)

    def _sender_function(self, pool: SmsPool, configuration_set: SmsConfigurationSet) -> lambda_.Function:
        """The order service's function, with its own role and log group (no managed policy, no wildcard)."""
        role = iam.Role(
            self,
            "SenderRole",
            assumed_by=iam.ServicePrincipal("lambda.amazonaws.com"),
            description="Sends Lanternfield Bakery's order-ready texts",
        )
        log_group = logs.LogGroup(self, "SenderLogs", retention=logs.RetentionDays.THREE_MONTHS)
        log_group.grant_write(role)
        return lambda_.Function(
            self,
            "Sender",
            runtime=lambda_.Runtime.PYTHON_3_14,
            architecture=lambda_.Architecture.ARM_64,
            handler="index.handler",
            code=lambda_.Code.from_inline(SENDER_CODE),
            role=role,
            log_group=log_group,
            timeout=cdk.Duration.seconds(10),
            environment={
                "POOL_ARN": pool.pool_arn,
                "CONFIGURATION_SET_NAME": configuration_set.configuration_set_name,
            },
        )


def cdk_json_context() -> dict[str, Any]:
    """The feature flags of ``cdk.json``: ``cdk synth`` passes them in, ``python app.py`` reads them here."""
    data = json.loads((HERE / "cdk.json").read_text(encoding="utf-8"))
    return dict(data.get("context", {}))


def build_app() -> cdk.App:
    """The app with its one stack and cdk-nag attached (``main`` synthesizes it)."""
    app = cdk.App(context=cdk_json_context())
    OrderNotificationsStack(
        app,
        STACK,
        env=cdk.Environment(account="123456789012", region="us-east-1"),
        description="Order-ready texts of Lanternfield Bakery (sms-estate library example)",
    )
    add_nag_checks(app)  # cdk-nag AwsSolutions: any finding without a reasoned acknowledgement fails synth
    return app


def main() -> None:
    build_app().synth()


if __name__ == "__main__":
    main()
