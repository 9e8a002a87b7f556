namespace IngestionCluster.Gateway.Mqtt.Protocol;

/// <summary>CONNECT (spec 3.1): always protocol name "MQTT", level 4.</summary>
public sealed record ConnectPacket(
    string ClientId,
    bool CleanSession,
    ushort KeepAliveSeconds,
    string? UserName = null,
    ReadOnlyMemory<byte>? Password = null,
    MqttWill? Will = null) : MqttPacket
{
    public override MqttPacketType Type => MqttPacketType.Connect;

    // The password never appears in logs or exception messages.
    protected override bool PrintMembers(System.Text.StringBuilder builder)
    {
        if (base.PrintMembers(builder))
        {
            builder.Append(", ");
        }
        builder.Append($"ClientId = {ClientId}, CleanSession = {CleanSession}, KeepAliveSeconds = {KeepAliveSeconds}, ");
        builder.Append($"UserName = {UserName}, Password = {(Password is null ? "(none)" : "***")}, Will = {Will}");
        return true;
    }
}
