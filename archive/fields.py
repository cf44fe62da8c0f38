from __future__ import annotations

from django.db import models

from archive import crypto


class EncryptedTextField(models.TextField):
    """Text stored encrypted (see archive/crypto.py); Python code sees plaintext.

    The database column holds only ciphertext, so it can be neither searched nor
    filtered on: that is the point. An empty string stays empty (nothing to hide).
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)
