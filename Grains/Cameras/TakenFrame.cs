using IngestionCluster.Grains.Motion;

namespace IngestionCluster.Grains.Cameras;

/// <summary>A frame the camera took into its buffer: its sequence number and what motion detection found in it.</summary>
internal sealed record TakenFrame(long Sequence, MotionResult Motion);
