namespace IngestionCluster.Grains.Imaging;

/// <summary>The native TurboJPEG library cannot be loaded on this machine.</summary>
public sealed class TurboJpegUnavailableException : Exception
{
    public TurboJpegUnavailableException(string libraryName, Exception? innerException = null)
        : base(
            $"The native TurboJPEG library '{libraryName}' could not be loaded. Install the Debian package " +
            $"'{TurboJpeg.DebianPackage}' (apt-get install {TurboJpeg.DebianPackage}; on Ubuntu '{TurboJpeg.UbuntuPackage}').",
            innerException)
    {
    }
}
