using System.Text.Json;
using System.Text.Json.Serialization;
using GridGIS.Core.Text;
using Microsoft.AspNetCore.Mvc;

namespace GridGIS.Server.Security;

/// <summary>
/// Applies <see cref="UnsafeText"/> where text enters over HTTP, before any handler sees it: a middleware
/// checks every query string name and value and every route value (400 ProblemDetails naming the
/// <c>parameter</c>), and a JSON converter checks every string of every request body read with the
/// server's JSON options (400 naming the <c>field</c>, by its JSON path). Body strings are one line
/// unless their property carries <see cref="MultiLineText"/>. Uploaded files are checked by their
/// import's field rules; a NUL that still reaches PostgreSQL (22021) is a 400 in <see cref="ProblemExceptionHandler"/>.
/// </summary>
internal static class UnsafeTextChecks
{
    /// <summary>Refuses a request whose query string or route values hold a forbidden character.</summary>
    public static void UseUnsafeTextChecks(this WebApplication app) => app.Use(async (http, next) =>
    {
        if (FindInQueryOrRoute(http) is not { } bad) { await next(http); return; }
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        var problem = new ProblemDetails { Status = 400, Title = $"Invalid '{bad.Name}'", Detail = bad.Detail };
        problem.Extensions["parameter"] = bad.Name;
        await http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem });
    });

    private static (string Name, string Detail)? FindInQueryOrRoute(HttpContext http)
    {
        foreach (var (key, values) in http.Request.Query)
        {
            var name = Printable(key);
            if (UnsafeText.Problem("the name of query parameter '" + name + "'", key) is { } inName) return (name, inName);
            foreach (var value in values)
                if (UnsafeText.Problem(name, value) is { } inValue) return (name, inValue);
        }
        foreach (var (key, value) in http.Request.RouteValues)
            if (value is string text && UnsafeText.Problem(key, text) is { } inRoute) return (key, inRoute);
        return null;
    }

    /// <summary>A name fit to quote back: forbidden characters replaced, at most 64 characters.</summary>
    private static string Printable(string name)
    {
        var chars = name.Take(64).Select(c => UnsafeText.IsForbidden(c) ? '\uFFFD' : c).ToArray();
        return new string(chars);
    }

    /// <summary>Makes <paramref name="options"/> refuse forbidden characters in every string it reads.</summary>
    public static JsonSerializerOptions Refusing(this JsonSerializerOptions options)
    {
        options.Converters.Insert(0, new OneLineText());
        return options;
    }

    /// <summary>Strings of one line: any forbidden character, tab and line breaks included, is refused.</summary>
    internal sealed class OneLineText : TextConverter { protected override bool MultiLine => false; }

    /// <summary>For a property that may span lines (a reason, a note): tab, CR and LF are allowed.</summary>
    internal sealed class MultiLineText : TextConverter { protected override bool MultiLine => true; }

    internal abstract class TextConverter : JsonConverter<string>
    {
        protected abstract bool MultiLine { get; }

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Check(reader.GetString()!);

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            Check(reader.GetString()!);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        private string Check(string text)
        {
            var i = UnsafeText.Find(text, MultiLine);
            return i < 0 ? text : throw new UnsafeTextException(text[i], i, MultiLine);
        }
    }
}

/// <summary>A request body string with a forbidden character; System.Text.Json fills in <see cref="JsonException.Path"/>.</summary>
internal sealed class UnsafeTextException(char character, int index, bool multiLine)
    : JsonException(UnsafeText.Problem("a string", character, index, multiLine))
{
    /// <summary>The property as the caller wrote it: <c>name</c>, <c>categories[1]</c>.</summary>
    public string Field => string.IsNullOrEmpty(Path) || Path == "$" ? "body" : Path.TrimStart('$', '.');

    /// <summary>What is wrong, naming the field, the character and its position, never the text.</summary>
    public string Detail => UnsafeText.Problem(Field, character, index, multiLine);
}
