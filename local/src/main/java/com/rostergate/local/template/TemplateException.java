package com.rostergate.local.template;

/** The template cannot be run locally; the message names the resource and property at fault. */
public class TemplateException extends RuntimeException {

    public TemplateException(String message) {
        super(message);
    }

    public TemplateException(String message, Throwable cause) {
        super(message, cause);
    }
}
