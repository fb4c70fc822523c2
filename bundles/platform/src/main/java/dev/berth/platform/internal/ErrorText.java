package dev.berth.platform.internal;

/** Turns an exception into the sentence a user should read. */
final class ErrorText {
    private ErrorText() {
    }

    /** The innermost meaningful message, without Java class names where a message exists. */
    static String of(Throwable t) {
        Throwable cause = t;
        while (cause.getCause() != null && cause.getCause() != cause
                && (cause.getMessage() == null || cause instanceof java.lang.reflect.InvocationTargetException)) {
            cause = cause.getCause();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }
}
