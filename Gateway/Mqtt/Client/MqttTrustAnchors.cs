using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace IngestionCluster.Gateway.Mqtt.Client;

/// <summary>
/// Decides whether a broker's TLS certificate is trusted: anything the system store accepts, or a
/// chain that ends at one of the CA certificates of <c>Mqtt:CaFile</c>. A host-name mismatch is never
/// forgiven. <see cref="LastFailure"/> explains the most recent rejection.
/// </summary>
internal sealed class MqttTrustAnchors
{
    private readonly X509Certificate2Collection _anchors;

    private MqttTrustAnchors(X509Certificate2Collection anchors) => _anchors = anchors;

    /// <summary>Why the last certificate was rejected; null when the last one was accepted (or none was seen yet).</summary>
    public string? LastFailure { get; private set; }

    /// <summary>Loads the CA certificates of a PEM bundle or a single DER file; none when <paramref name="caFile"/> is empty.</summary>
    public static MqttTrustAnchors Load(string? caFile)
    {
        var anchors = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(caFile))
        {
            if (File.ReadAllText(caFile).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
            {
                anchors.ImportFromPemFile(caFile);
            }
            else
            {
                anchors.Add(X509CertificateLoader.LoadCertificateFromFile(caFile));
            }
            if (anchors.Count == 0)
            {
                throw new InvalidOperationException($"Mqtt:CaFile '{caFile}' holds no certificate");
            }
        }
        return new MqttTrustAnchors(anchors);
    }

    public bool Validate(X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        LastFailure = null;
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }
        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || _anchors.Count == 0)
        {
            LastFailure = $"{errors}{ChainStatus(chain)}";
            return false;
        }
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_anchors);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }
        var leaf = certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        if (custom.Build(leaf))
        {
            return true;
        }
        LastFailure = $"not trusted by the system store nor by Mqtt:CaFile{ChainStatus(custom)}";
        return false;
    }

    private static string ChainStatus(X509Chain? chain)
    {
        if (chain is null || chain.ChainStatus.Length == 0)
        {
            return string.Empty;
        }
        return " (" + string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim())) + ")";
    }
}
