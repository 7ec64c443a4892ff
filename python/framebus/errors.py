"""The errors framebus raises, one class per cause, mirroring the Java ``io.framebus.*Exception`` family.

Every message says what happened and what to do about it, in the same words as the Java library.
"""


class FramebusError(Exception):
    """Base of every framebus error (Java: ``FramebusException``)."""


class InvalidChannelNameError(FramebusError, ValueError):
    """A channel name outside 1..64 characters of ``[A-Za-z0-9._-]`` (Java: ``InvalidChannelNameException``)."""


class ChannelNotFoundError(FramebusError):
    """No channel of that name appeared in time (Java: ``ChannelNotFoundException``)."""


class ChannelFormatError(FramebusError):
    """The files are not a valid channel: corrupt, truncated, another layout version or not framebus at all
    (Java: ``ChannelFormatException``)."""


class ChannelAccessDeniedError(FramebusError):
    """The channel's files must not be trusted, or permission was denied (Java: ``ChannelAccessDeniedException``)."""


class ChannelBusyError(FramebusError):
    """The channel has a live writer, or exists with another geometry (Java: ``ChannelBusyException``)."""


class ChannelClosedError(FramebusError):
    """The writer closed the channel and every frame was read, or this object was closed
    (Java: ``ChannelClosedException`` and ``ReadStatus.CLOSED``)."""


class WriterDeadError(FramebusError):
    """The channel's writer died (Java: ``ReadStatus.WRITER_DEAD``). A new writer may take the channel over:
    call ``take`` again; the reader carries on with its frames without attaching again."""


class TooManyReadersError(FramebusError):
    """Every reader row is held by a live process (Java: ``TooManyReadersException``)."""


class HoldLimitExceededError(FramebusError):
    """The reader already holds its limit of frames (Java: ``HoldLimitExceededException``)."""


class FrameReleasedError(FramebusError):
    """A frame's views were asked for after the frame was released (Java: ``IllegalStateException`` of a
    released ``Frame``)."""


class FrameTooLargeError(FramebusError, ValueError):
    """A frame does not fit its slot (Java: ``FrameTooLargeException``)."""


class InsufficientSpaceError(FramebusError):
    """The channel directory cannot hold the channel (Java: ``InsufficientSpaceException``)."""


class HugePagesUnavailableError(FramebusError):
    """The requested huge-page backing is not available (Java: ``HugePagesUnavailableException``)."""
