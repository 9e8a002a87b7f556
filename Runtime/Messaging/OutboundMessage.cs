using IngestionCluster.Runtime.Invocation;

namespace IngestionCluster.Runtime.Messaging;

/// <summary>A message on its way from a caller to a partition.</summary>
internal sealed record OutboundMessage(CallEnvelope Envelope, object?[] Arguments, GrainMethodInfo? Method, TimeSpan Timeout);
