import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.support.DefaultProfileValidationSupport;
import ca.uhn.fhir.validation.FhirValidator;
import ca.uhn.fhir.validation.ResultSeverityEnum;
import ca.uhn.fhir.validation.SingleValidationMessage;
import ca.uhn.fhir.validation.ValidationResult;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.common.hapi.validation.validator.FhirInstanceValidator;

/**
 * Validates FHIR R4 JSON resources against the base R4 specification with HAPI FHIR's instance
 * validator, offline: the R4 definitions shipped in the jars, an in-memory terminology service and
 * the common code systems (no remote terminology server, so no network). A declared profile that is
 * not in the jars (FR Core's) is a warning: only base R4 can be checked.
 *
 * <p>Input: each argument is a file holding one resource; with no argument, stdin holds one resource
 * per line. Output: one JSON line per resource, in input order:
 * {"source": "...", "errors": [...], "warnings": [...]}, each message {"severity", "location",
 * "message", "id"}; errors are the messages of severity error or fatal.
 */
public final class ValidateFhir {
  private ValidateFhir() {}

  public static void main(String[] args) throws IOException {
    FhirContext context = FhirContext.forR4();
    ValidationSupportChain support =
        new ValidationSupportChain(
            new DefaultProfileValidationSupport(context),
            new InMemoryTerminologyServerValidationSupport(context),
            new CommonCodeSystemsTerminologyService(context));
    FhirValidator validator = context.newValidator();
    FhirInstanceValidator instanceValidator = new FhirInstanceValidator(support);
    // A profile that cannot be loaded offline (FR Core is not on Maven Central) is reported as a
    // warning, not an error: the resource is still validated against base R4.
    instanceValidator.setErrorForUnknownProfiles(false);
    validator.registerValidatorModule(instanceValidator);

    List<String[]> inputs = new ArrayList<>();
    if (args.length == 0) {
      BufferedReader reader =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      int number = 0;
      while ((line = reader.readLine()) != null) {
        number++;
        if (!line.isBlank()) {
          inputs.add(new String[] {"line " + number, line});
        }
      }
    } else {
      for (String file : args) {
        inputs.add(new String[] {file, Files.readString(Path.of(file), StandardCharsets.UTF_8)});
      }
    }
    for (String[] input : inputs) {
      System.out.println(report(input[0], validator.validateWithResult(input[1])));
    }
  }

  private static String report(String source, ValidationResult result) {
    StringBuilder errors = new StringBuilder();
    StringBuilder warnings = new StringBuilder();
    for (SingleValidationMessage message : result.getMessages()) {
      ResultSeverityEnum severity = message.getSeverity();
      StringBuilder into;
      if (severity == ResultSeverityEnum.ERROR || severity == ResultSeverityEnum.FATAL) {
        into = errors;
      } else if (severity == ResultSeverityEnum.WARNING) {
        into = warnings;
      } else {
        continue;
      }
      if (into.length() > 0) {
        into.append(',');
      }
      into.append("{\"severity\":")
          .append(quote(severity.getCode()))
          .append(",\"location\":")
          .append(quote(message.getLocationString()))
          .append(",\"message\":")
          .append(quote(message.getMessage()))
          .append(",\"id\":")
          .append(quote(message.getMessageId()))
          .append('}');
    }
    return "{\"source\":" + quote(source) + ",\"errors\":[" + errors + "],\"warnings\":[" + warnings
        + "]}";
  }

  private static String quote(String text) {
    if (text == null) {
      return "null";
    }
    StringBuilder out = new StringBuilder("\"");
    for (char c : text.toCharArray()) {
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
