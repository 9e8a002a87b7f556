using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;

namespace IngestionCluster.Gateway.Ui;

/// <summary>
/// The operator UI's files, embedded in this assembly (so the standalone silo and every gateway serve the same
/// UI whatever their content root), read once into memory. Paths are relative to <c>/ui/</c>.
/// </summary>
public sealed class UiAssets
{
    /// <summary>Logical resource names of the UI's files start with this (see Gateway.csproj).</summary>
    public const string ResourcePrefix = "ui/";

    public const string IndexPath = "index.html";

    private readonly Dictionary<string, UiAsset> _assets;

    public UiAssets()
    {
        var assembly = typeof(UiAssets).Assembly;
        var types = new FileExtensionContentTypeProvider();
        _assets = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .Select(name => Load(assembly, name, types))
            .ToDictionary(asset => asset.Path, StringComparer.Ordinal);
        if (!_assets.ContainsKey(IndexPath))
        {
            throw new InvalidOperationException($"The operator UI is not embedded in {assembly.GetName().Name} ({ResourcePrefix}{IndexPath} is missing).");
        }
    }

    public IReadOnlyCollection<UiAsset> All => _assets.Values;

    public UiAsset Index => _assets[IndexPath];

    public UiAsset? Find(string path) => _assets.GetValueOrDefault(path);

    private static UiAsset Load(Assembly assembly, string name, FileExtensionContentTypeProvider types)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var content = buffer.ToArray();
        var path = name[ResourcePrefix.Length..].Replace('\\', '/');
        var type = types.TryGetContentType(path, out var known) ? known : "application/octet-stream";
        if (type.StartsWith("text/", StringComparison.Ordinal) || type is "application/javascript" or "text/javascript" or "image/svg+xml")
        {
            type += "; charset=utf-8";
        }
        var etag = $"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..32]}\"";
        return new UiAsset(path, content, type, etag);
    }
}
