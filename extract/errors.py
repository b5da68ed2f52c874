"""Errors that end one document's extraction. The message is what documents.error shows."""


class ExtractError(Exception):
    """A file that cannot be read at all; the message says what is wrong, in plain words."""


class UnsupportedFormat(ExtractError):
    pass


class EncryptedDocument(ExtractError):
    pass


class CorruptDocument(ExtractError):
    pass


class ConversionUnavailable(ExtractError):
    """A .doc/.wps file and no LibreOffice on this machine."""


class TooLarge(ExtractError):
    """A decompression bomb or a file over a configured limit."""
