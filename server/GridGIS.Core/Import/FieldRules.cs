using System.Globalization;
using System.Text.RegularExpressions;
using GridGIS.Core.Text;

namespace GridGIS.Core.Import;

/// <summary>
/// Property rules shared by every layer. Text is kept verbatim (only trimmed), whatever it contains
/// (quotes, SQL, HTML): it is data, sent to the database as a parameter and escaped by whoever shows
/// it. What PostgreSQL or a reader cannot hold, or what would make a name read as something else, is
/// refused by <see cref="UnsafeText"/> (control characters, NUL included; bidirectional overrides;
/// broken UTF-16 surrogates), and so is text over the column's length.
/// </summary>
internal sealed partial class FieldRules(SourceFeature feature, ImportErrorList errors)
{
    private void Error(string field, string message) => errors.Add(feature.Index, feature.Line, field, message);

    /// <summary>Reports a property that contradicts another.</summary>
    public void Mismatch(string field, string message) => Error(field, message);

    private string? Raw(string name) => feature.Properties.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

    /// <summary>Text of at most <paramref name="maxLength"/> characters; null when absent and optional.</summary>
    public string? Text(string name, int maxLength, bool required)
    {
        var v = Raw(name);
        if (v is null)
        {
            if (required) Error(name, $"{name} is missing");
            return null;
        }
        if (UnsafeText.Problem(name, v) is { } unsafeText) { Error(name, unsafeText); return null; }
        var length = v.EnumerateRunes().Count();
        if (length > maxLength) { Error(name, $"{name} has {length} characters, at most {maxLength}"); return null; }
        return v;
    }

    /// <summary>A code of exactly <paramref name="digits"/> decimal digits.</summary>
    public string? Code(string name, int digits, string what)
    {
        var v = Raw(name);
        if (v is null) { Error(name, $"{name} is missing ({what}: {digits} digits)"); return null; }
        if (v.Length != digits || !v.All(char.IsAsciiDigit))
        {
            Error(name, $"{name} '{CsvFeatureReader.Shorten(v)}' is not a {digits}-digit {what}");
            return null;
        }
        return v;
    }

    /// <summary>One of a short list of words; <paramref name="fallback"/> when absent.</summary>
    public string? OneOf(string name, string[] allowed, string fallback)
    {
        var v = Raw(name);
        if (v is null) return fallback;
        if (allowed.Contains(v, StringComparer.Ordinal)) return v;
        Error(name, $"{name} '{CsvFeatureReader.Shorten(v)}' is not one of: {string.Join(", ", allowed)}");
        return null;
    }

    /// <summary>A lower-case identifier matching <paramref name="pattern"/>.</summary>
    public string? Identifier(string name, Regex pattern, bool required, string? fallback, string rule)
    {
        var v = Raw(name);
        if (v is null)
        {
            if (required) Error(name, $"{name} is missing");
            return fallback;
        }
        if (pattern.IsMatch(v)) return v;
        Error(name, $"{name} '{CsvFeatureReader.Shorten(v)}' {rule}");
        return null;
    }

    /// <summary>A whole number in [min, max]; null when absent. Decimal points and exponents are refused.</summary>
    public int? Integer(string name, int min, int max, out bool ok)
    {
        ok = true;
        var v = Raw(name);
        if (v is null) return null;
        if (long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return (int)n;
        Error(name, $"{name} '{CsvFeatureReader.Shorten(v)}' must be a whole number from {min} to {max}");
        ok = false;
        return null;
    }

    /// <summary>true/false (also yes/no, 1/0); <paramref name="fallback"/> when absent.</summary>
    public bool? Boolean(string name, bool fallback)
    {
        var v = Raw(name)?.ToLowerInvariant();
        switch (v)
        {
            case null: return fallback;
            case "true" or "yes" or "1" or "t" or "y": return true;
            case "false" or "no" or "0" or "f" or "n": return false;
            default:
                Error(name, $"{name} '{CsvFeatureReader.Shorten(v)}' must be true or false");
                return null;
        }
    }

    /// <summary>
    /// ISO 639-1 language codes separated by ';' or ',' (a GeoJSON array arrives joined by ';'), lowercased, duplicates dropped
    /// (<see cref="Languages.LanguageCodes.Normalize"/>); <paramref name="fallback"/> when absent.
    /// </summary>
    public string[]? Languages(string name, string[] fallback)
    {
        var v = Raw(name);
        if (v is null) return fallback;
        var (codes, error) = GridGIS.Core.Languages.LanguageCodes.Normalize(v.Split([';', ','], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        if (codes is null)
        {
            Error(name, $"{name} '{CsvFeatureReader.Shorten(v)}' must be 1 to 20 ISO 639-1 language codes like zh;en;ko: {error}");
            return null;
        }
        return codes;
    }
}
