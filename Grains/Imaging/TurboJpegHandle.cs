using System.Runtime.InteropServices;

namespace IngestionCluster.Grains.Imaging;

/// <summary>
/// Owns one TurboJPEG decompressor. Held per thread, so its finalizer destroys the native
/// handle after the thread that used it has ended.
/// </summary>
internal sealed class TurboJpegHandle : SafeHandle
{
    public TurboJpegHandle(nint handle)
        : base(invalidHandleValue: 0, ownsHandle: true) => SetHandle(handle);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => TurboJpegNative.Destroy(handle) == 0;
}
