"""Form helpers shared by every app: NL Design System classes and accessible error wiring."""

from django import forms

WIDGET_CLASSES = {
    forms.CheckboxInput: "utrecht-checkbox utrecht-checkbox--html-input",
    forms.Select: "utrecht-select utrecht-select--html-select",
    forms.Textarea: "utrecht-textarea utrecht-textarea--html-textarea",
}
DEFAULT_WIDGET_CLASS = "utrecht-textbox utrecht-textbox--html-input"


class UtrechtFormMixin:
    """Adds the Utrecht component classes to every widget, and marks invalid fields for assistive
    technology (``aria-invalid`` and ``aria-describedby`` pointing at the error message)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = WIDGET_CLASSES.get(type(field.widget), DEFAULT_WIDGET_CLASS)
            field.widget.attrs.setdefault("class", css)
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"{self.auto_id % name}-description"

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = widget.attrs.get("class", "") + " utrecht-textbox--invalid"
                described = [f"{self.auto_id % name}-error"]
                if self.fields[name].help_text:
                    described.append(f"{self.auto_id % name}-description")
                widget.attrs["aria-describedby"] = " ".join(described)
