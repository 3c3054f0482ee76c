using System.Globalization;

namespace GridGIS.Core.Text;

/// <summary>
/// The one rule for characters that no text from outside may hold, wherever it enters (query strings,
/// route values, JSON bodies, imported files): C0 controls (U+0000-U+001F; tab, CR and LF are allowed
/// in a multi-line field), DEL (U+007F), C1 controls (U+0080-U+009F), the bidirectional embeddings,
/// overrides and isolates (U+202A-U+202E, U+2066-U+2069: they make a name read differently from what
/// it is) and unpaired UTF-16 surrogates. PostgreSQL cannot store NUL (error 22021), and none of these
/// belongs in a name, code, address or reason.
/// </summary>
public static class UnsafeText
{
    /// <summary>The index of the first forbidden character of <paramref name="text"/>, or -1.</summary>
    public static int Find(ReadOnlySpan<char> text, bool multiLine = false)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) { i++; continue; }
            if (IsForbidden(c, multiLine)) return i;
        }
        return -1;
    }

    /// <summary>Whether <paramref name="c"/> alone is refused (a surrogate is, outside a pair).</summary>
    public static bool IsForbidden(char c, bool multiLine = false) => c switch
    {
        '\t' or '\r' or '\n' => !multiLine,
        < ' ' or '\u007f' or (>= '\u0080' and <= '\u009f') => true,
        (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => true,
        _ => char.IsSurrogate(c),
    };

    /// <summary>
    /// Null when <paramref name="text"/> is acceptable, else what is wrong, naming <paramref name="name"/>, the
    /// character and its position but never the text itself (it may be a password).
    /// </summary>
    public static string? Problem(string name, string? text, bool multiLine = false)
    {
        if (text is null) return null;
        var i = Find(text, multiLine);
        return i < 0 ? null : Problem(name, text[i], i, multiLine);
    }

    /// <summary>What is wrong with a text whose character <paramref name="c"/> at 0-based <paramref name="index"/> is forbidden.</summary>
    public static string Problem(string name, char c, int index, bool multiLine) =>
        $"{name} contains {Describe(c)} at position {index + 1}; control characters"
        + (multiLine ? " (other than tab and line breaks)" : "") + ", bidirectional overrides and unpaired surrogates are not allowed";

    /// <summary>"NUL (U+0000)", "a line break (U+000A)", "a bidirectional override (U+202E)", ...</summary>
    public static string Describe(char c)
    {
        var code = "U+" + ((int)c).ToString("X4", CultureInfo.InvariantCulture);
        return c switch
        {
            '\0' => $"NUL ({code})",
            '\t' => $"a tab ({code})",
            '\r' or '\n' => $"a line break ({code})",
            (>= '\u202a' and <= '\u202e') or (>= '\u2066' and <= '\u2069') => $"a bidirectional control ({code})",
            _ when char.IsSurrogate(c) => $"an unpaired surrogate ({code})",
            _ => $"a control character ({code})",
        };
    }
}
