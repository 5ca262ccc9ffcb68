"""The webhook signature our outbound webhooks send; the scheme lives in common.signatures, which the
telephony call events we receive use too."""

from dispatchdesk.common.signatures import HEADER, signature, verify

__all__ = ["HEADER", "signature", "verify"]
