namespace GridGIS.Core.Languages;

/// <summary>
/// ISO 639-1 language codes (two lowercase letters, the 183 codes of the standard), as facilities and grid workers
/// declare the languages they serve in. <see cref="Normalize"/> checks a list where it enters (an import row, a PATCH):
/// trimmed, lowercased, duplicates dropped, order kept.
/// </summary>
public static class LanguageCodes
{
    private static readonly HashSet<string> Codes = new(StringComparer.Ordinal)
    {
        "aa", "ab", "ae", "af", "ak", "am", "an", "ar", "as", "av", "ay", "az", "ba", "be", "bg", "bi", "bm", "bn", "bo", "br", "bs",
        "ca", "ce", "ch", "co", "cr", "cs", "cu", "cv", "cy", "da", "de", "dv", "dz", "ee", "el", "en", "eo", "es", "et", "eu", "fa",
        "ff", "fi", "fj", "fo", "fr", "fy", "ga", "gd", "gl", "gn", "gu", "gv", "ha", "he", "hi", "ho", "hr", "ht", "hu", "hy", "hz",
        "ia", "id", "ie", "ig", "ii", "ik", "io", "is", "it", "iu", "ja", "jv", "ka", "kg", "ki", "kj", "kk", "kl", "km", "kn", "ko",
        "kr", "ks", "ku", "kv", "kw", "ky", "la", "lb", "lg", "li", "ln", "lo", "lt", "lu", "lv", "mg", "mh", "mi", "mk", "ml", "mn",
        "mr", "ms", "mt", "my", "na", "nb", "nd", "ne", "ng", "nl", "nn", "no", "nr", "nv", "ny", "oc", "oj", "om", "or", "os", "pa",
        "pi", "pl", "ps", "pt", "qu", "rm", "rn", "ro", "ru", "rw", "sa", "sc", "sd", "se", "sg", "si", "sk", "sl", "sm", "sn", "so",
        "sq", "sr", "ss", "st", "su", "sv", "sw", "ta", "te", "tg", "th", "ti", "tk", "tl", "tn", "to", "tr", "ts", "tt", "tw", "ty",
        "ug", "uk", "ur", "uz", "ve", "vi", "vo", "wa", "wo", "xh", "yi", "yo", "za", "zh", "zu",
    };

    /// <summary>Most languages one facility or worker may list.</summary>
    public const int MaxLanguages = 20;

    /// <summary>Whether <paramref name="code"/> is an ISO 639-1 code (lowercase, as stored).</summary>
    public static bool IsCode(string? code) => code is not null && Codes.Contains(code);

    /// <summary>
    /// The codes trimmed and lowercased, duplicates dropped, in their first order; null with the first offending entry when
    /// one is not an ISO 639-1 code, or when there are none or more than <see cref="MaxLanguages"/>.
    /// </summary>
    public static (string[]? Codes, string? Error) Normalize(IEnumerable<string?> codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        var list = new List<string>();
        foreach (var raw in codes)
        {
            var c = raw?.Trim().ToLowerInvariant();
            if (!IsCode(c)) return (null, $"'{raw}' is not an ISO 639-1 language code (two letters such as zh, en, ko, ja)");
            if (!list.Contains(c!)) list.Add(c!);
        }
        if (list.Count is 0 or > MaxLanguages) return (null, $"give 1 to {MaxLanguages} language codes, not {list.Count}");
        return (list.ToArray(), null);
    }
}
