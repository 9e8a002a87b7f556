using System.Net.Http.Headers;
using System.Text;

namespace IngestionCluster.Tests.Gateway.Support;

/// <summary>Builds multipart/form-data bodies the way clients (curl -F, browsers) send them.</summary>
internal static class Multipart
{
    public static MultipartFormDataContent Form(params (string Name, HttpContent Content, string? FileName)[] parts)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, content, fileName) in parts)
        {
            if (fileName is null)
            {
                form.Add(content, name);
            }
            else
            {
                form.Add(content, name, fileName);
            }
        }
        return form;
    }

    public static (string, HttpContent, string?) Text(string name, string value) => (name, new StringContent(value, Encoding.UTF8), null);

    public static (string, HttpContent, string?) File(string name, byte[] bytes, string fileName, string contentType = "application/octet-stream")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return (name, content, fileName);
    }

    /// <summary>A multipart body whose boundary never closes (the client "hung up" halfway).</summary>
    public static ByteArrayContent Truncated(string boundary = "cut-short")
    {
        var body = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"camera_id\"\r\n\r\ncam-1\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"a.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n\u00ff\u00d8\u00ffpartial");
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={boundary}");
        return content;
    }
}
