using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace IngestionCluster.Tests.Mqtt.Client;

/// <summary>A throw-away CA that issues a broker certificate for 127.0.0.1, written as PEM files.</summary>
internal static class TestCertificateAuthority
{
    /// <summary>Writes <paramref name="caFile"/>, and a certificate for 127.0.0.1 signed by it with its key.</summary>
    public static void WriteBrokerCertificate(string caFile, string certificateFile, string keyFile)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa(caKey, "CN=IngestionCluster Test CA", now);

        using var brokerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", brokerKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var broker = request.Create(ca, now.AddDays(-1), now.AddDays(30), RandomNumberGenerator.GetBytes(16));

        File.WriteAllText(caFile, ca.ExportCertificatePem());
        File.WriteAllText(certificateFile, broker.ExportCertificatePem());
        File.WriteAllText(keyFile, brokerKey.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>Writes a CA that signed nothing the broker presents.</summary>
    public static void WriteUnrelatedCa(string caFile)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CreateCa(key, "CN=Unrelated Test CA", DateTimeOffset.UtcNow);
        File.WriteAllText(caFile, ca.ExportCertificatePem());
    }

    private static X509Certificate2 CreateCa(ECDsa key, string subject, DateTimeOffset now)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
    }
}
