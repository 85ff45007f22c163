namespace MatterMfg.Diagnostics;

public static partial class ErrorIds
{
    /// <summary>The chip's ROM loader sent a reply that does not fit the request. Fix: check the cable and the port; lower the baud rate.</summary>
    public const string EspBadReply = nameof(EspBadReply);

    /// <summary>The board's MAC is already recorded as flashed in the manifest. Fix: use another board, or -Force to flash it again.</summary>
    public const string EspBoardAlreadyFlashed = nameof(EspBoardAlreadyFlashed);

    /// <summary>The chip's ROM loader refused a command (the message gives its status). Fix: reset the board into download mode and try again; check the chip type and flash size.</summary>
    public const string EspCommandFailed = nameof(EspCommandFailed);

    /// <summary>The image does not fit the chip's flash. Fix: check the offset and the flash size, or use a chip with more flash.</summary>
    public const string EspFlashTooSmall = nameof(EspFlashTooSmall);

    /// <summary>An image would run over the end of its partition. Fix: use an image no larger than the partition, or a larger partition.</summary>
    public const string EspImageCrossesPartition = nameof(EspImageCrossesPartition);

    /// <summary>An image is larger than the partition it is written to. Fix: use an image that fits the partition.</summary>
    public const string EspImageTooLarge = nameof(EspImageTooLarge);

    /// <summary>The flash does not read back with the written image's MD5. Fix: write again; if it repeats, the board's flash or power is faulty.</summary>
    public const string EspMd5Mismatch = nameof(EspMd5Mismatch);

    /// <summary>The chip did not answer a command in time. Fix: check the cable, the port and the baud rate; reset the board into download mode.</summary>
    public const string EspNoResponse = nameof(EspNoResponse);

    /// <summary>The chip's ROM loader did not answer the sync. Fix: put the board in download mode (hold BOOT, reset), check the port, or choose the -Before mode that fits the board.</summary>
    public const string EspNoSync = nameof(EspNoSync);

    /// <summary>A flash offset is not a multiple of 4096 (a flash sector). Fix: give a sector-aligned offset.</summary>
    public const string EspOffsetNotAligned = nameof(EspOffsetNotAligned);

    /// <summary>The partition table has no partition with that label or type. Fix: check the label (e.g. fctry) against the board's partition table.</summary>
    public const string EspPartitionNotFound = nameof(EspPartitionNotFound);

    /// <summary>A partition table (CSV, binary or on the board) is malformed: the message names the line and the problem. Fix: correct the partition table.</summary>
    public const string EspPartitionTableInvalid = nameof(EspPartitionTableInvalid);

    /// <summary>New-EspPartitionTable wrote no table because some of its input partitions were invalid (each one was reported as its own EspPartitionTableInvalid error). Fix: correct the partitions those errors name and run it again.</summary>
    public const string EspPartitionTableNotWritten = nameof(EspPartitionTableNotWritten);

    /// <summary>The serial port is in use by another program. Fix: close the other program (a serial monitor, another flasher) or choose another port.</summary>
    public const string EspPortBusy = nameof(EspPortBusy);

    /// <summary>The serial port failed during the transfer. Fix: check that the board stayed plugged in and powered, then try again.</summary>
    public const string EspPortLost = nameof(EspPortLost);

    /// <summary>The serial port does not exist. Fix: check the port name (Get-EspSerialPort lists them).</summary>
    public const string EspPortNotFound = nameof(EspPortNotFound);

    /// <summary>The same serial port is named twice. Fix: name each port (board) once.</summary>
    public const string EspPortRepeated = nameof(EspPortRepeated);

    /// <summary>Flashing was stopped while a board was being written; its flash is incomplete. Fix: flash that board again.</summary>
    public const string EspStopped = nameof(EspStopped);

    /// <summary>The chip is not one of the supported ESP32 family chips. Fix: check the board; only ESP32, -S2, -S3, -C2, -C3, -C6, -H2 and -C5 are supported.</summary>
    public const string EspUnknownChip = nameof(EspUnknownChip);

    /// <summary>The chip's ROM loader does not support a command this operation needs. Fix: use a supported chip, or the -NoStub / plain write mode the message names.</summary>
    public const string EspUnsupportedCommand = nameof(EspUnsupportedCommand);

    /// <summary>An image was given without saying where it goes. Fix: give exactly one of -Offset, -PartitionLabel or -PartitionType.</summary>
    public const string EspWhereMissing = nameof(EspWhereMissing);

    /// <summary>The chip on the port is not the chip type that was asked for. Fix: connect the right board, or correct --chip/-Chip.</summary>
    public const string EspWrongChip = nameof(EspWrongChip);
}
